/**
 * POST /actions/{token}/evidence — a handling unit uploads one evidence file (办理佐证材料) from
 * the action page: a plain `multipart/form-data` form (file, optional note, the officer's name),
 * no JavaScript (see shared/use-cases/evidence-upload.ts). Answered by a redirect to the page
 * with the outcome, the page again with the reason (413 too large, 415 type not allowed, 400),
 * or the Chinese page with a phone number for a bad link. Its own function: the S3 client and
 * the multipart parser stay out of the page's.
 */
import * as z from 'zod/mini';
import { httpHandler } from '../../shared/http/handler.ts';
import { parseMultipart } from '../../shared/http/multipart.ts';
import { type ResolvedLink, resolveActionLink } from '../../shared/use-cases/action-link.ts';
import { MAX_EVIDENCE_BYTES, uploadEvidence } from '../../shared/use-cases/evidence-upload.ts';
import { linkRefused, refusedPost, seeOutcome } from './action-responses.ts';

const Params = z.object({ token: z.string() });

export const handler = httpHandler(
  { route: 'actionEvidence', params: Params, rawBody: true },
  async (req) => {
    let link: ResolvedLink;
    try {
      link = await resolveActionLink(req.params.token);
    } catch (error) {
      return linkRefused(error);
    }
    let fields: Record<string, string> = { action: 'evidence' };
    try {
      const form = await parseMultipart(req.rawBody ?? Buffer.alloc(0), req.headers['content-type'] ?? '', {
        maxFileBytes: MAX_EVIDENCE_BYTES,
        maxFieldBytes: 8 * 1024,
        maxFields: 10,
      });
      fields = { ...form.fields, action: 'evidence' };
      await uploadEvidence(link, form);
      return seeOutcome(req.params.token, 'evidence');
    } catch (error) {
      return refusedPost(error, link, req.params.token, fields);
    }
  },
);
