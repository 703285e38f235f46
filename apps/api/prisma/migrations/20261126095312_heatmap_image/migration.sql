-- AlterTable
ALTER TABLE "Heatmap" ADD COLUMN     "imageUrl" TEXT;
