import { runServiceMain } from '@ppm/service-host';
import { runNotifier } from './run';

runServiceMain({ name: 'notifier', start: runNotifier });
