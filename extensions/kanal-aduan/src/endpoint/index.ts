import { defineEndpoint } from '@directus/extensions-sdk';
import type { RouteContext, RouteModule } from './context.ts';
import { appointmentRoutes } from './routes/appointments.ts';
import { conversationLockRoutes } from './routes/conversation-lock.ts';
import { deskReportRoutes } from './routes/desk-report.ts';
import { eventReceiptRoutes } from './routes/event-receipt.ts';
import { geoRoutes } from './routes/geo.ts';
import { healthRoutes } from './routes/health.ts';
import { intakeRoutes } from './routes/intake.ts';
import { pimpinanRoutes } from './routes/pimpinan.ts';
import { publicPageRoutes } from './routes/public-pages.ts';
import { open311Routes } from './routes/open311.ts';
import { rankingExportRoutes } from './routes/ranking-export.ts';
import { rankingRoutes } from './routes/ranking.ts';
import { reminderRoutes } from './routes/reminders.ts';
import { trackRoutes } from './routes/track.ts';
import { waStatusRoutes } from './routes/wa-statuses.ts';
import { waWebhookStatusRoutes } from './routes/wa-webhook-statuses.ts';
import { webFormRoutes } from './routes/web-form.ts';

/**
 * Routes under /kanal-aduan. Each route module lives in ./routes and is listed
 * here. Public routes say so in their file; authenticated ones check
 * req.accountability before anything else.
 */
const ROUTES: RouteModule[] = [healthRoutes, trackRoutes, rankingRoutes, rankingExportRoutes, conversationLockRoutes, reminderRoutes, geoRoutes, eventReceiptRoutes, waStatusRoutes, waWebhookStatusRoutes, intakeRoutes, publicPageRoutes, webFormRoutes, deskReportRoutes, open311Routes, pimpinanRoutes, appointmentRoutes];

export default defineEndpoint({
  id: 'kanal-aduan',
  handler: (router, context) => {
    const ctx = context as unknown as RouteContext;
    for (const mount of ROUTES) mount(router, ctx);
  },
});
