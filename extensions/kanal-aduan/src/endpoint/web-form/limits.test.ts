import { describe, expect, it } from 'vitest';
import { bodyLimit, photoLimits, webFormLimitsFromEnv } from './limits.ts';

describe('web form limits', () => {
  it('defaults: 10 posts an hour per address, 5 reports a day per number, 3 photos of 5 MB', () => {
    const l = webFormLimitsFromEnv({});
    expect(l).toEqual({ addressPoints: 10, addressWindowSeconds: 3600, numberPoints: 5, numberWindowSeconds: 86_400, maxPhotos: 3, maxPhotoMb: 5 });
    expect(photoLimits(l)).toEqual({ maxCount: 3, maxBytes: 5 * 1024 * 1024 });
    // Every photo at its largest plus the text fields: a bigger body is refused before it is read whole.
    expect(bodyLimit(l)).toBe(15 * 1024 * 1024 + 256 * 1024);
  });

  it('reads the operator\'s settings and refuses nonsense at start-up', () => {
    expect(webFormLimitsFromEnv({ KANAL_WEB_REPORT_ADDRESS_LIMIT: '30', KANAL_WEB_REPORT_MAX_PHOTOS: '0' })).toMatchObject({ addressPoints: 30, maxPhotos: 0 });
    expect(() => webFormLimitsFromEnv({ KANAL_WEB_REPORT_NUMBER_LIMIT: 'banyak' })).toThrow(/KANAL_WEB_REPORT_/);
    expect(() => webFormLimitsFromEnv({ KANAL_WEB_REPORT_MAX_PHOTO_MB: '500' })).toThrow(/maxPhotoMb/);
  });
});
