import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { SimulatorHost } from '../elevenlabs/simulator/simulator-host.js';

export class TestNumberDto {
  @ApiProperty({ example: '+15005550001' }) number!: string;
  @ApiProperty({ example: 'Line busy: call_initiation_failure (busy)' }) description!: string;
}

export class ConsoleSettingsDto {
  @ApiProperty({ description: 'True when calls go to the built-in ElevenLabs simulator' })
  simulator!: boolean;
  @ApiProperty({
    type: [TestNumberDto],
    description: "The simulator's test numbers (empty with real ElevenLabs)",
  })
  test_numbers!: TestNumberDto[];
  @ApiProperty({
    example: { start: '08:00', end: '21:00' },
    description:
      'QUIET_HOURS: driver-local hours calls are made in (the console warns outside them)',
  })
  quiet_hours!: { start: string; end: string };
  @ApiProperty({ example: 'Acme Freight', description: 'Who the agent says is calling' })
  company_name!: string;
}

/** What the dispatch console at / needs to know before sign-in. Nothing secret. */
@ApiTags('console')
@Public()
@Controller('console')
export class ConsoleController {
  constructor(
    private readonly simulatorHost: SimulatorHost,
    private readonly config: AppConfig,
  ) {}

  @Get('settings')
  @ApiOperation({
    summary: 'Whether the ElevenLabs simulator is active, its test numbers, quiet hours, company',
  })
  @ApiOkResponse({ type: ConsoleSettingsDto })
  settings(): ConsoleSettingsDto {
    const numbers: Record<string, { plain: string }> | undefined = this.simulatorHost.testNumbers;
    return {
      simulator: numbers !== undefined,
      test_numbers: Object.entries(numbers ?? {}).map(([number, entry]) => ({
        number,
        description: entry.plain,
      })),
      quiet_hours: this.config.compliance.quietHours,
      company_name: this.config.compliance.companyName,
    };
  }
}
