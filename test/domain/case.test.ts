import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  buildEvent,
  canApply,
  canonicalJson,
  formatCaseNumber,
  GENESIS_HASH,
  intakeChanges,
  isAcceptedScope,
  verifyChain,
} from '../../shared/domain/case.ts';
import type { Principal } from '../../shared/domain/identity.ts';
import { ConflictError } from '../../shared/errors.ts';
import type { Case } from '../../shared/schemas/case.ts';

const clerk: Principal = { id: 'staff-1', name: '李娜', role: 'staff', tenantId: '510104001' };

describe('scope triage (服务范围)', () => {
  it.each([
    ['repeated_consultation', true],
    ['materials_not_handled', true],
    ['dissatisfaction_complaint', true],
    ['outside_authority', true],
    ['litigation_petition_or_filed', false],
    ['prohibited_by_law', false],
  ] as const)('%s is accepted: %s', (kind, accepted) => {
    expect(isAcceptedScope(kind)).toBe(accepted);
  });
});

describe('case numbering', () => {
  it('pads the sequence to five digits after the centre and year', () => {
    expect(formatCaseNumber('510104001', '2026', 1)).toBe('510104001-2026-00001');
    expect(formatCaseNumber('510104001', '2026', 12345)).toBe('510104001-2026-12345');
  });
});

describe('lifecycle transitions', () => {
  it('a registered case can be answered on the spot or referred to a task force', () => {
    expect(canApply('answer_on_the_spot', 'registered')).toBe(true);
    expect(canApply('refer_to_task_force', 'registered')).toBe(true);
  });

  it('a task-force case can then be answered, but not referred again', () => {
    expect(canApply('answer_on_the_spot', 'in_meeting')).toBe(true);
    expect(canApply('refer_to_task_force', 'in_meeting')).toBe(false);
  });

  it('a refused (rejected) case takes no handling opinion but can still be confirmed by the reporter', () => {
    expect(canApply('answer_on_the_spot', 'rejected')).toBe(false);
    expect(canApply('confirm', 'rejected')).toBe(true);
  });

  it('nothing changes an archived case', () => {
    for (const action of ['confirm', 'answer_on_the_spot', 'refer_to_task_force'] as const) {
      expect(canApply(action, 'archived')).toBe(false);
    }
  });

  it('an illegal transition throws a 409 naming the current state in Chinese', () => {
    const attempt = () => assertTransition('answer_on_the_spot', 'answered_on_spot');
    expect(attempt).toThrow(ConflictError);
    expect(attempt).toThrow(/已当场答复/);
  });
});

describe('audit chain', () => {
  const chain = () => {
    const first = buildEvent({
      caseId: 'case_1',
      seq: 1,
      at: '2026-10-09T10:00:00+08:00',
      actor: clerk,
      action: 'case.registered',
      changes: { status: 'registered' },
      prevHash: GENESIS_HASH,
    });
    const second = buildEvent({
      caseId: 'case_1',
      seq: 2,
      at: '2026-10-09T10:05:00+08:00',
      actor: clerk,
      action: 'case.confirmed',
      changes: { confirmation: { signedBy: '张三' } },
      prevHash: first.hash,
    });
    return [first, second];
  };

  it('an untouched chain verifies', () => {
    expect(verifyChain(chain())).toEqual({ intact: true });
  });

  it('editing an event breaks the chain at that event', () => {
    const [first, second] = chain();
    const tampered = { ...first!, changes: { status: 'closed' } };
    expect(verifyChain([tampered, second!])).toEqual({ intact: false, brokenAt: 1 });
  });

  it('removing an event breaks the chain at the next one', () => {
    const [, second] = chain();
    expect(verifyChain([second!])).toEqual({ intact: false, brokenAt: 2 });
  });

  describe('the first event references the intake record by digest', () => {
    const registered: Case = {
      id: 'case_1',
      number: '510104001-2026-000001',
      tenantId: '510104001',
      status: 'registered',
      version: 1,
      channel: 'onsite',
      reporter: { name: '张三', phone: '13800000000' },
      scope: { kind: 'repeated_consultation', accepted: true },
      matter: '城乡居民养老保险参保登记',
      description: '三次来办均被告知材料不全'.repeat(40),
      assisted: false,
      notice: { materialsComplete: true, nextSteps: '递交', accepted: true },
      acceptedAt: '2026-10-09T10:00:00+08:00',
      acceptedBy: { id: 'staff-1', name: '李娜' },
      confirmation: null,
      opinion: null,
      updatedAt: '2026-10-09T10:00:00+08:00',
    } as Case;
    const trail = () => [
      buildEvent({
        caseId: 'case_1',
        seq: 1,
        at: registered.acceptedAt,
        actor: clerk,
        action: 'case.registered',
        changes: intakeChanges(registered),
        prevHash: GENESIS_HASH,
      }),
    ];

    it('carries the status and a digest, not a copy of the record', () => {
      // Act
      const [first] = trail();
      // Assert
      expect(first!.changes).toEqual({
        status: 'registered',
        intake: { fields: expect.arrayContaining(['reporter', 'description']), digest: expect.any(String) },
      });
      expect(JSON.stringify(first!.changes)).not.toContain('三次来办');
    });

    it('verifies against the case item whose record it references, whatever happened to the case since', () => {
      const later = { ...registered, status: 'closed', version: 9, smsOptOut: true } as Case;
      expect(verifyChain(trail(), later)).toEqual({ intact: true });
    });

    it('breaks at the first event when the case item’s intake record was altered', () => {
      const altered = { ...registered, description: '另一段记录' };
      expect(verifyChain(trail(), altered)).toEqual({ intact: false, brokenAt: 1 });
      expect(
        verifyChain(trail(), { ...registered, reporter: { name: '李四', phone: '13800000000' } }),
      ).toEqual({
        intact: false,
        brokenAt: 1,
      });
    });
  });

  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe(
      canonicalJson({ a: { c: [3, { e: 5, f: 4 }], d: 2 }, b: 1 }),
    );
  });
});
