/** Batches at most this many items per transaction. */
const MAX_BATCH = 200;
/** Batches in flight at once on this instance. */
const MAX_IN_FLIGHT = 3;

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. An item that finds a free slot is written at once (no added latency when traffic
 * is light); items that arrive while the slots are busy wait for the next one and go together,
 * one round trip and one commit for the lot. Each caller is answered only after the transaction
 * holding its item committed. `write` returns one result per item, in order.
 */
export class TranscriptBatcher<Item, Result> {
  private readonly waiting: Pending<Item, Result>[] = [];
  private inFlight = 0;

  constructor(private readonly write: (items: Item[]) => Promise<Result[]>) {}

  submit(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.writeBatch(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async writeBatch(batch: Pending<Item, Result>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((pending) => pending.item));
      batch.forEach((pending, index) => pending.resolve(results[index]!));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
