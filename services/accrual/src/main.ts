import { runServiceMain } from '@ppm/service-host';
import { runAccrual } from './run';

runServiceMain({ name: 'accrual', start: runAccrual });
