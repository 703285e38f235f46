/** The whole RunSummary in one statement: every statistic from the run's groups (run-groups.sql.ts). */
import type { PrismaClient } from '../../db/prisma';
import { CALIBRATION_CTES, CALIBRATION_JSON, type Calibration } from './calibration.sql';
import { classificationCtes, CLASSIFICATION_JSON, type ClassificationScores } from './classification.sql';
import { CONTRIBUTION_CTES, CONTRIBUTIONS_JSON, type ContributionMean } from './contributions.sql';
import { runGroups } from './run-groups.sql';

export interface SummaryRow {
  count: number;
  classification: ClassificationScores;
  calibration: Calibration;
  contributions: ContributionMean[];
}

export async function summaryRow(prisma: PrismaClient, runId: string, classes: number): Promise<SummaryRow> {
  const [row] = await prisma.$queryRaw<{ summary: SummaryRow }[]>`
    WITH ${runGroups(runId)}, ${classificationCtes(classes)}, ${CALIBRATION_CTES}, ${CONTRIBUTION_CTES}
    SELECT json_build_object(
      'count', (SELECT coalesce(sum(n), 0) FROM g),
      'classification', ${CLASSIFICATION_JSON},
      'calibration', ${CALIBRATION_JSON},
      'contributions', ${CONTRIBUTIONS_JSON}
    ) AS summary`;
  return row!.summary;
}
