import { runServiceMain } from '@ppm/service-host';
import { runPayoutService } from './run';

runServiceMain({ name: 'payout', start: (ctx) => runPayoutService(ctx) });
