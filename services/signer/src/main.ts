import { runServiceMain } from '@ppm/service-host';
import { runSigner } from './run';

runServiceMain({ name: 'signer', start: (ctx) => runSigner(ctx) });
