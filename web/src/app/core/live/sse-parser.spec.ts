import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('parses an estado event with id and data', () => {
    const parser = new SseParser();

    const events = parser.push('id: 17-0\nevent: estado\ndata: {"numero":"PED-1","version":2}\n\n');

    expect(events).toEqual([{ type: 'estado', data: '{"numero":"PED-1","version":2}', id: '17-0' }]);
    expect(parser.lastEventId).toBe('17-0');
  });

  it('ignores comment lines', () => {
    const parser = new SseParser();

    const events = parser.push(': keep-alive\n\n:another\ndata: x\n\n');

    expect(events).toEqual([{ type: 'message', data: 'x', id: '' }]);
  });

  it('joins several data lines with newlines', () => {
    const events = new SseParser().push('data: uno\ndata: dos\ndata\n\n');

    expect(events[0].data).toBe('uno\ndos\n');
  });

  it('waits for the blank line before dispatching', () => {
    const parser = new SseParser();

    expect(parser.push('event: estado\ndata: {"a"')).toEqual([]);
    expect(parser.push(':1}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ type: 'estado', data: '{"a":1}', id: '' }]);
  });

  it('accepts CRLF and CR line endings', () => {
    const events = new SseParser().push('data: a\r\n\r\ndata: b\r\rdata: c\n\n');

    expect(events.map((event) => event.data)).toEqual(['a', 'b', 'c']);
  });

  it('treats CRLF split across chunks as one line end', () => {
    const parser = new SseParser();

    expect(parser.push('data: a\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ type: 'message', data: 'a', id: '' }]);
  });

  it('keeps the last id for later events', () => {
    const parser = new SseParser();

    const events = parser.push('id: 5\ndata: a\n\ndata: b\n\n');

    expect(events.map((event) => event.id)).toEqual(['5', '5']);
    expect(parser.lastEventId).toBe('5');
  });

  it('updates the id even for an event without data', () => {
    const parser = new SseParser();

    expect(parser.push('id: 9\nevent: estado\n\n')).toEqual([]);
    expect(parser.lastEventId).toBe('9');
    expect(parser.push('data: z\n\n')[0].type).toBe('message');
  });

  it('ignores an id containing NUL', () => {
    const parser = new SseParser();

    parser.push('id: 1\n\nid: a\0b\n\n');

    expect(parser.lastEventId).toBe('1');
  });

  it('reads retry only when it is all digits', () => {
    const parser = new SseParser();

    parser.push('retry: 2500\n\nretry: 10s\n\n');

    expect(parser.retryMs).toBe(2500);
  });

  it('removes only one space after the colon', () => {
    const events = new SseParser().push('data:  two spaces\n\ndata:none\n\n');

    expect(events.map((event) => event.data)).toEqual([' two spaces', 'none']);
  });

  it('strips a byte order mark at the start', () => {
    const events = new SseParser().push('\uFEFFdata: x\n\n');

    expect(events).toEqual([{ type: 'message', data: 'x', id: '' }]);
  });

  it('ignores unknown fields', () => {
    const events = new SseParser().push('foo: bar\ndata: x\n\n');

    expect(events).toEqual([{ type: 'message', data: 'x', id: '' }]);
  });
});
