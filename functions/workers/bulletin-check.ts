/** Hourly on the 1st from 06:00 (Asia/Shanghai): is last month's bulletin there? (emits BulletinMissing) */
import { type BulletinCheck, checkMonthlyBulletin } from '../../shared/use-cases/reports/bulletin-check.ts';

export const handler = async (): Promise<BulletinCheck> => checkMonthlyBulletin();
