/** One dispatched server-sent event. */
export interface SseEvent {
  /** Value of the `event:` field, `message` when the event had none. */
  type: string;
  /** The `data:` lines joined with newlines. */
  data: string;
  /** Last event ID seen on the stream so far (the value to send back as `Last-Event-ID`). */
  id: string;
}

/**
 * Incremental parser for a `text/event-stream` body, following the event stream interpretation
 * rules of the WHATWG HTML standard. Lines end in CRLF, LF or CR and comment lines start with
 * `:`. A blank line dispatches the event, unless the event had no `data:` line.
 */
export class SseParser {
  private buffer = '';
  private dataLines: string[] = [];
  private eventType = '';
  private lastId = '';
  private startOfStream = true;
  /** A chunk ended in CR, so an LF at the start of the next chunk belongs to the same line end. */
  private skipLeadingLf = false;

  /** Reconnection delay in milliseconds from the last valid `retry:` field, or null. */
  retryMs: number | null = null;

  get lastEventId(): string {
    return this.lastId;
  }

  /** Feeds decoded text and returns the events completed by it. */
  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.skipLeadingLf && text.startsWith('\n')) {
      text = text.slice(1);
    }
    this.skipLeadingLf = false;
    if (this.startOfStream && text.length > 0) {
      this.startOfStream = false;
      if (text.startsWith('\uFEFF')) {
        text = text.slice(1);
      }
    }
    this.buffer += text;
    return this.drainLines();
  }

  private drainLines(): SseEvent[] {
    const events: SseEvent[] = [];
    let lineStart = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const char = this.buffer[i];
      if (char !== '\n' && char !== '\r') {
        continue;
      }
      const event = this.processLine(this.buffer.slice(lineStart, i));
      if (event) {
        events.push(event);
      }
      if (char === '\r') {
        if (i + 1 === this.buffer.length) {
          this.skipLeadingLf = true;
        } else if (this.buffer[i + 1] === '\n') {
          i++;
        }
      }
      lineStart = i + 1;
    }
    this.buffer = this.buffer.slice(lineStart);
    return events;
  }

  private processLine(line: string): SseEvent | null {
    if (line === '') {
      return this.dispatch();
    }
    if (line.startsWith(':')) {
      return null;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    this.applyField(field, value);
    return null;
  }

  private applyField(field: string, value: string): void {
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.dataLines.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.lastId = value;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) {
          this.retryMs = Number(value);
        }
        break;
      default:
        // Unknown fields are ignored, as the event stream format requires.
        break;
    }
  }

  private dispatch(): SseEvent | null {
    const hasData = this.dataLines.length > 0;
    const event: SseEvent = { type: this.eventType || 'message', data: this.dataLines.join('\n'), id: this.lastId };
    this.dataLines = [];
    this.eventType = '';
    return hasData ? event : null;
  }
}
