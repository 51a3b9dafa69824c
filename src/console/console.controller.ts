import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
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
}

/** What the dispatch console at / needs to know before sign-in. Nothing secret. */
@ApiTags('console')
@Public()
@Controller('console')
export class ConsoleController {
  constructor(private readonly simulatorHost: SimulatorHost) {}

  @Get('settings')
  @ApiOperation({ summary: 'Whether the ElevenLabs simulator is active, and its test numbers' })
  @ApiOkResponse({ type: ConsoleSettingsDto })
  settings(): ConsoleSettingsDto {
    const numbers: Record<string, { description: string }> | undefined =
      this.simulatorHost.testNumbers;
    return {
      simulator: numbers !== undefined,
      test_numbers: Object.entries(numbers ?? {}).map(([number, entry]) => ({
        number,
        description: entry.description,
      })),
    };
  }
}
