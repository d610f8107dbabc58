import { runServiceMain } from '@ppm/service-host';
import { runApi } from './run';

runServiceMain({ name: 'api', start: (ctx) => runApi(ctx) });
