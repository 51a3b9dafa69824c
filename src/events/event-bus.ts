import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DomainEventMap, DomainEventName } from './domain-events.js';

/** The internal event bus, typed by {@link DomainEventMap}. Services emit after commit. */
@Injectable()
export class EventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  emit<Name extends DomainEventName>(name: Name, payload: DomainEventMap[Name]): void {
    this.emitter.emit(name, payload);
  }
}
