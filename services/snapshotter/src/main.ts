import { runServiceMain } from '@ppm/service-host';
import { runSnapshotter } from './run';

runServiceMain({ name: 'snapshotter', start: runSnapshotter });
