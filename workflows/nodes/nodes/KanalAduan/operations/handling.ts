import type { Operation } from './common.ts';
import complaintInfoAnswer from './complaint-info-answer.ts';
import complaintSatisfaction from './complaint-satisfaction.ts';
import complaintSuggestRoute from './complaint-suggest-route.ts';
import noticeCitizen from './notice-citizen.ts';
import noticeOfficers from './notice-officers.ts';
import noticePhotos from './notice-photos.ts';
import serviceWindow from './service-window.ts';

/** Operations of report handling: routing, notices to citizen and officers (24 h window), satisfaction. */
export const HANDLING_OPERATIONS: Operation[] = [complaintSuggestRoute, complaintSatisfaction, complaintInfoAnswer, noticeCitizen, noticePhotos, noticeOfficers, serviceWindow];
