import { Body, Controller, Param, ParseIntPipe, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import type { ItemView } from '../calls/call-items.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { assertCallIdentifier } from '../conversations/identifier.js';
import { ItemDto, ItemOutcomeChangeDto } from './dto/item-outcome.dto.js';
import { ItemOutcomesService } from './item-outcomes.service.js';

@ApiTags('outcomes')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('calls')
export class CallItemsController {
  constructor(private readonly outcomes: ItemOutcomesService) {}

  @Patch(':identifier/items/:n')
  @ApiOperation({ summary: "A dispatcher sets or corrects an item's outcome (source dispatcher)" })
  @ApiOkResponse({ type: ItemDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such call or item' })
  override(
    @Param('identifier') identifier: string,
    @Param('n', new ParseIntPipe({ errorHttpStatusCode: 400 })) item: number,
    @Body() body: ItemOutcomeChangeDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ItemView> {
    return this.outcomes.override(assertCallIdentifier(identifier), item, body, principal.sub);
  }
}
