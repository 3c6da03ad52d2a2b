/** Test data shared by the suite and the helper processes it spawns (no vitest imports here). */

/** A valid intake body; override any part. */
export function intakeBody(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'onsite',
    reporter: { name: '张三', phone: '13800000000' },
    scope: { kind: 'repeated_consultation' },
    matter: '城乡居民养老保险参保登记',
    description: '三次来办均被告知材料不全，每次要求不同',
    assisted: true,
    notice: {
      materialsComplete: false,
      howToSupplement: '补充户口簿复印件',
      nextSteps: '材料补齐后到综合窗口递交',
    },
    ...overrides,
  };
}
