import { runServiceMain } from '@ppm/service-host';
import { runChainWatcher } from './run';

runServiceMain({ name: 'chain-watcher', start: runChainWatcher });
