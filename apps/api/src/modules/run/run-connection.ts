import { ObjectType } from 'type-graphql';
import { Connection } from '../pagination/connection';
import { SampleType } from '../sample/sample.type';
import { RunType } from './run.type';

@ObjectType()
export class RunConnection extends Connection(RunType, 'Run') {}

@ObjectType()
export class SampleConnection extends Connection(SampleType, 'Sample') {}
