-- CreateEnum
CREATE TYPE "RunKind" AS ENUM ('BATCH', 'ADHOC');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'CANCELLED');

-- CreateTable
CREATE TABLE "Model" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "inputs" TEXT[],
    "classNames" TEXT[],
    "targetLayers" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "kind" "RunKind" NOT NULL,
    "name" TEXT NOT NULL,
    "method" TEXT,
    "status" "RunStatus" NOT NULL,
    "dataset" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "doneCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "params" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sample" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "trueClass" INTEGER,
    "predictedClass" INTEGER NOT NULL,
    "targetClass" INTEGER NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "probabilities" DOUBLE PRECISION[],
    "correct" BOOLEAN,
    "method" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "branchContributions" DOUBLE PRECISION[],
    "engineMs" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Heatmap" (
    "id" UUID NOT NULL,
    "sampleId" UUID NOT NULL,
    "input" TEXT NOT NULL,
    "layer" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "overlayUrl" TEXT NOT NULL,
    "rawMin" DOUBLE PRECISION NOT NULL,
    "rawMax" DOUBLE PRECISION NOT NULL,
    "peakX" INTEGER NOT NULL,
    "peakY" INTEGER NOT NULL,
    "grid" BYTEA NOT NULL,
    "gridWidth" INTEGER NOT NULL,
    "gridHeight" INTEGER NOT NULL,

    CONSTRAINT "Heatmap_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SampleFailure" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "line" INTEGER,
    "error" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SampleFailure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Model_path_sha256_key" ON "Model"("path", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "Model_name_version_key" ON "Model"("name", "version");

-- CreateIndex
CREATE INDEX "Run_createdAt_id_idx" ON "Run"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_modelId_kind_idx" ON "Run"("modelId", "kind");

-- CreateIndex
CREATE INDEX "Sample_runId_correct_idx" ON "Sample"("runId", "correct");

-- CreateIndex
CREATE INDEX "Sample_runId_trueClass_predictedClass_idx" ON "Sample"("runId", "trueClass", "predictedClass");

-- CreateIndex
CREATE INDEX "Sample_runId_confidence_idx" ON "Sample"("runId", "confidence");

-- CreateIndex
CREATE UNIQUE INDEX "Sample_runId_externalId_key" ON "Sample"("runId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Heatmap_sampleId_input_key" ON "Heatmap"("sampleId", "input");

-- CreateIndex
CREATE UNIQUE INDEX "SampleFailure_runId_externalId_key" ON "SampleFailure"("runId", "externalId");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sample" ADD CONSTRAINT "Sample_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Heatmap" ADD CONSTRAINT "Heatmap_sampleId_fkey" FOREIGN KEY ("sampleId") REFERENCES "Sample"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SampleFailure" ADD CONSTRAINT "SampleFailure_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
