import type { PrismaClient } from '../../db/prisma';
import { isUuid } from '../../db/uuid';
import { SAMPLE_INCLUDE, toSampleType } from './sample.mapper';
import type { SampleType } from './sample.type';

export class SampleService {
  constructor(private readonly prisma: PrismaClient) {}

  async get(id: string): Promise<SampleType | null> {
    if (!isUuid(id)) return null;
    const row = await this.prisma.sample.findUnique({ where: { id }, include: SAMPLE_INCLUDE });
    return row && toSampleType(row);
  }
}
