/**
 * The 400 details are worded by shared/http/validation.ts from zod's issue codes, not from zod's
 * own wording: `zod/mini` (what the Lambda bundles carry) ships no locale, while the local front
 * loads the English one. A missing field and a wrong one read the same either way.
 */

import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ValidationError } from '../../shared/errors.ts';
import { parseOrThrow } from '../../shared/http/validation.ts';
import { CreateCaseBody, ListCasesQuery } from '../../shared/schemas/case.ts';
import { intakeBody } from '../support/fixtures.ts';

function detailsOf(schema: z.ZodMiniType, input: unknown): unknown {
  try {
    parseOrThrow(schema, input, '提交内容');
  } catch (error) {
    if (error instanceof ValidationError) return error.details;
    throw error;
  }
  throw new Error('expected a validation error');
}

const { matter: _matter, ...withoutMatter } = intakeBody();
const expected = {
  missing: [{ field: 'matter', message: '请填写反映事项' }],
  wrongType: [{ field: 'assisted', message: '帮办代办的格式不正确' }],
  query: [{ field: 'limit', message: '每页条数不能超过200' }],
};

function details() {
  return {
    missing: detailsOf(CreateCaseBody, withoutMatter),
    wrongType: detailsOf(CreateCaseBody, intakeBody({ assisted: 'yes' })),
    query: detailsOf(ListCasesQuery, { limit: '500' }),
  };
}

// One order on purpose: zod's locale is process-wide and cannot be unset.
describe('400 details do not depend on zod’s locale', () => {
  it('names a missing field and a wrong one with no locale loaded (as in a Lambda bundle)', () => {
    // Prepare: zod/mini's own wording without a locale
    expect(z.safeParse(z.string(), 1).error?.issues[0]?.message).toBe('Invalid input');
    // Act
    const got = details();
    // Assert
    expect(got).toEqual(expected);
  });

  it('gives the same details with the English locale loaded (as on the local front)', () => {
    // Prepare
    z.config(z.locales.en());
    expect(z.safeParse(z.string(), 1).error?.issues[0]?.message).toMatch(/received number/);
    // Act
    const got = details();
    // Assert
    expect(got).toEqual(expected);
  });
});
