import type { Operation } from './common.ts';
import complaintSuggestRoute from './complaint-suggest-route.ts';
import noticeCitizen from './notice-citizen.ts';
import noticeOfficers from './notice-officers.ts';
import noticePhotos from './notice-photos.ts';
import serviceWindow from './service-window.ts';

/** Operations of report handling: routing, notices to citizen and officers (24 h window). The satisfaction answer and the answer to a verifikator's question are part of intake.handle. */
export const HANDLING_OPERATIONS: Operation[] = [complaintSuggestRoute, noticeCitizen, noticePhotos, noticeOfficers, serviceWindow];
