import { InitialSchema1795254821341 } from './1795254821341-InitialSchema.js';
import { RecordTranscriptionFunction1795300000000 } from './1795300000000-RecordTranscriptionFunction.js';
import { LiveTurns1795400000000 } from './1795400000000-LiveTurns.js';
import { CallItems1795500000000 } from './1795500000000-CallItems.js';
import { Campaigns1795600000000 } from './1795600000000-Campaigns.js';
import { AccessControl1795700000000 } from './1795700000000-AccessControl.js';
import { OptOutPhoneNumbers1795800000000 } from './1795800000000-OptOutPhoneNumbers.js';
import { CampaignAttemptTime1795900000000 } from './1795900000000-CampaignAttemptTime.js';
import { Compliance1796000000000 } from './1796000000000-Compliance.js';
import { DriverRecord1796100000000 } from './1796100000000-DriverRecord.js';
import { InboundCalls1796200000000 } from './1796200000000-InboundCalls.js';
import { CallLanguage1796300000000 } from './1796300000000-CallLanguage.js';
import { CallRecordings1796600000000 } from './1796600000000-CallRecordings.js';
import { FleetScale1796700000000 } from './1796700000000-FleetScale.js';
import { CsvCell1796800000000 } from './1796800000000-CsvCell.js';
import { CallTransfers1796500000000 } from './1796500000000-CallTransfers.js';
import { DispatcherDuty1796400000000 } from './1796400000000-DispatcherDuty.js';

/** Every migration, in order: listed explicitly so they load the same under node, Jest and the CLI. */
export const MIGRATIONS: Function[] = [
  InitialSchema1795254821341,
  RecordTranscriptionFunction1795300000000,
  LiveTurns1795400000000,
  CallItems1795500000000,
  Campaigns1795600000000,
  AccessControl1795700000000,
  OptOutPhoneNumbers1795800000000,
  CampaignAttemptTime1795900000000,
  Compliance1796000000000,
  DriverRecord1796100000000,
  InboundCalls1796200000000,
  CallLanguage1796300000000,
  DispatcherDuty1796400000000,
  CallTransfers1796500000000,
  CallRecordings1796600000000,
  FleetScale1796700000000,
  CsvCell1796800000000,
];
