/**
 * The body of an import route is the file itself, as text. Both imports (pupils and staff) install this in a
 * scope of their own, so they answer the same way: UTF-8 with or without a byte-order mark, up to a size of
 * their choosing; a file that is not UTF-8 (a spreadsheet saved as "CSV" in Windows' own encoding) or holds
 * NUL characters (not text, where the route says so) is 400; a body of another type is 415; a file over the limit is 413.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../protocol/index.js';
import { HttpError } from '../httpError.js';

/** What browsers and spreadsheets call a CSV file (Windows gives .csv files Excel's type). */
export const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

export function installCsvBody(
  scope: FastifyInstance,
  /** `refuseNul`: a NUL means the file is not text at all (the pupil import); without it, the rows' own
   * checks report the cell that holds one (the staff import). */
  p: { maxBytes: number; what: string; tooLarge: string; refuseNul: boolean },
) {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(CSV_TYPES, { parseAs: 'buffer', bodyLimit: p.maxBytes }, (_request, body, done) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body as Buffer);
    } catch {
      done(new HttpError(400, ErrorCodes.badRequest, 'The file is not UTF-8 text. Save it from the spreadsheet as "CSV UTF-8" (in Excel: Save As, then CSV UTF-8 (Comma delimited)) and choose it again.'));
      return;
    }
    if (p.refuseNul && text.includes('\u0000')) {
      done(new HttpError(400, ErrorCodes.badRequest, `This is not a CSV file (it holds characters text does not have). Export ${p.what} from the MIS as CSV and choose that file.`));
      return;
    }
    done(null, text);
  });
  scope.addContentTypeParser('*', (request, _payload, done) => {
    done(new HttpError(415, ErrorCodes.unsupportedMediaType, `Send the file as text/csv, not ${String(request.headers['content-type']).slice(0, 80)}.`));
  });
  scope.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ code: ErrorCodes.payloadTooLarge, message: `The file is larger than ${p.maxBytes / 1024 / 1024} MB: ${p.tooLarge}` });
    }
    throw error;
  });
}
