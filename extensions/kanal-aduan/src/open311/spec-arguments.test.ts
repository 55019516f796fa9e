import { describe, expect, it } from 'vitest';
import { parseRequestsQuery, requestsFilter } from './query.ts';

// GeoReport v2's rules for the GET requests arguments (http://wiki.open311.org/GeoReport_v2#GET_Service_Requests).
describe('GET requests arguments as the spec reads them', () => {
  const now = new Date('2026-11-30T00:00:00Z');
  const filter = (query: Record<string, unknown>) => requestsFilter(parseRequestsQuery(query, 'ADU'), now);

  it('service_request_id overrides every other argument', () => {
    const named = filter({ service_request_id: 'ADU-2611-00001', status: 'closed', service_code: 'PJU', end_date: '2000-01-01T00:00:00Z', bbox: '104,-4,105,-3' });
    expect(named).toEqual(filter({ service_request_id: 'ADU-2611-00001' }));
    // Only the ticket, and what makes a report a service request at all (a ticket and a category: its service_code).
    expect(named).toEqual({ _and: [{ ticket: { _in: ['ADU-2611-00001'] } }, { ticket: { _nnull: true } }, { category: { _nnull: true } }] });
  });

  it('an empty optional argument is the same as none', () => {
    expect(filter({ status: '', service_code: '', start_date: '', end_date: '', service_request_id: '', bbox: '' })).toEqual(filter({}));
  });
});
