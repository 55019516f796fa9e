import { randomBytes } from 'node:crypto';

/**
 * Meta Graph API error bodies, as the Cloud API returns them.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 */
export type GraphErrorBody = {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
};

export type GraphErrorReply = { status: number; body: GraphErrorBody };

function fbtraceId(): string {
  return `A${randomBytes(11).toString('base64url')}`;
}

function reply(
  status: number,
  error: Omit<GraphErrorBody['error'], 'fbtrace_id'>,
): GraphErrorReply {
  return { status, body: { error: { ...error, fbtrace_id: fbtraceId() } } };
}

/** Missing or wrong bearer token: Meta answers 401 with OAuth code 190. */
export function invalidToken(): GraphErrorReply {
  return reply(401, {
    message: 'Invalid OAuth access token - Cannot parse access token',
    type: 'OAuthException',
    code: 190,
  });
}

/** Body failed validation: code 100 with the reason in error_data.details. */
export function invalidParameter(details: string): GraphErrorReply {
  return reply(400, {
    message: '(#100) Invalid parameter',
    type: 'OAuthException',
    code: 100,
    error_data: { messaging_product: 'whatsapp', details },
  });
}

/** Unknown node id in the path (wrong phone number id or media id): code 100, subcode 33. */
export function unknownObject(id: string): GraphErrorReply {
  return reply(400, {
    message: `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    type: 'GraphMethodException',
    code: 100,
    error_subcode: 33,
  });
}

/** Throughput exceeded. */
export function rateLimited(): GraphErrorReply {
  return reply(429, {
    message: '(#130429) Rate limit hit',
    type: 'OAuthException',
    code: 130429,
    error_data: {
      messaging_product: 'whatsapp',
      details: 'Cloud API message throughput has been reached.',
    },
  });
}

/** Transient failure on Meta's side. */
export function serverError(): GraphErrorReply {
  return reply(500, {
    message: '(#131000) Something went wrong',
    type: 'OAuthException',
    code: 131000,
    error_data: {
      messaging_product: 'whatsapp',
      details: 'Message failed to send due to an unknown error.',
    },
  });
}

/** Free-form message outside the 24 h customer service window; only templates may be sent. */
export function reEngagementRequired(): GraphErrorReply {
  return reply(400, {
    message: '(#131047) Re-engagement message',
    type: 'OAuthException',
    code: 131047,
    error_data: {
      messaging_product: 'whatsapp',
      details:
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    },
  });
}

export function notFound(path: string): GraphErrorReply {
  return reply(404, {
    message: `Unknown path components: ${path}`,
    type: 'OAuthException',
    code: 2500,
  });
}
