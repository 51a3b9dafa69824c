import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_ITEMS_PER_CALL } from '../../item-vocabulary/data-collection-ids.js';
import { ITEM_OUTCOMES, type ItemOutcome } from '../../item-vocabulary/item-outcomes.js';

const OUTCOME_RULE = { message: `outcome must be one of: ${ITEM_OUTCOMES.join(', ')}` };
/** A week: longer than any promise a driver makes on the phone. */
const MAX_ETA_MINUTES = 10_080;

/** What an item's outcome is set to, by the agent's tool or by a dispatcher. */
export class ItemOutcomeChangeDto {
  @ApiProperty({ enum: ITEM_OUTCOMES, example: 'will_fix' })
  @IsIn(ITEM_OUTCOMES, OUTCOME_RULE)
  outcome!: ItemOutcome;

  @ApiPropertyOptional({ example: 15, description: 'Minutes until the driver expects it done' })
  @IsOptional()
  @IsInt({ message: 'eta_minutes must be a whole number of minutes' })
  @Min(0)
  @Max(MAX_ETA_MINUTES, { message: `eta_minutes must be at most ${MAX_ETA_MINUTES} (a week)` })
  eta_minutes?: number;

  @ApiPropertyOptional({ example: 'Setting it to 38 at the next stop', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/** The body of the `record_item_outcome` webhook tool (agent:sync configures it). */
export class ItemOutcomeToolDto extends ItemOutcomeChangeDto {
  @ApiProperty({ example: 'conv_6601k9mywx20fxcbpyv2wtff3zph' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  conversation_id!: string;

  @ApiPropertyOptional({
    example: 'CB_CA4746caaf456d7c2db1574b7d1f211f6a',
    description:
      'Our call_sid (a dynamic variable): finds a callback whose conversation id is not known yet',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  call_sid?: string;

  @ApiProperty({ minimum: 1, maximum: MAX_ITEMS_PER_CALL, example: 1 })
  @IsInt({ message: 'item must be the number of the item in the prompt (1, 2, ...)' })
  @Min(1, { message: 'item must be the number of the item in the prompt (1, 2, ...)' })
  @Max(MAX_ITEMS_PER_CALL, {
    message: `item must be the number of the item in the prompt (at most ${MAX_ITEMS_PER_CALL})`,
  })
  item!: number;
}

export class ItemDto {
  @ApiProperty({ example: 1 }) item!: number;
  @ApiProperty({ enum: ['violation', 'reminder'] }) type!: 'violation' | 'reminder';
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ITEM_OUTCOMES, nullable: true, type: String }) outcome!: string | null;
  @ApiProperty({ nullable: true, type: Number }) eta_minutes!: number | null;
  @ApiProperty({ nullable: true, type: String }) driver_note!: string | null;
  @ApiProperty({ enum: ['live', 'post_call', 'dispatcher'], nullable: true, type: String })
  source!: string | null;
  @ApiProperty({ nullable: true, type: String }) updated_at!: string | null;
  @ApiProperty({ nullable: true, type: String, description: '`agent`, `elevenlabs` or a user id' })
  updated_by!: string | null;
}
