/*
 * Observes the `stream` a LanguageModel's doStream() returns (a web
 * ReadableStream of stream parts) on its way to the AI SDK, which is its only
 * consumer: the app never sees this stream, it reads streamText's own result
 * object, which stays untouched.
 *
 * The parts are passed through one by one, pulled only when the SDK reads
 * (highWaterMark 0: no read-ahead, backpressure as before). A reader-based
 * pass-through rather than pipeThrough(TransformStream) because a transformer
 * learns of a cancel only from Node 22 on, and a cancelled stream (the app
 * aborted, ai@7) must end its span.
 */
import { reportInternalError } from '../../diag.js';

export interface ModelStreamObserver {
  part(part: unknown): void;
  /** The stream ended: `completed`, `failed` (read rejected) or `cancelled` by the SDK. */
  end(how: 'completed' | 'failed' | 'cancelled', reason?: unknown): void;
}

export function observeModelStream(stream: ReadableStream<unknown>, observer: ModelStreamObserver): ReadableStream<unknown> {
  const reader = stream.getReader();
  let ended = false;
  const end = (how: 'completed' | 'failed' | 'cancelled', reason?: unknown) => {
    if (ended) return;
    ended = true;
    guard(() => observer.end(how, reason));
  };
  return new ReadableStream<unknown>(
    {
      async pull(controller) {
        let next: { done?: boolean; value?: unknown };
        try {
          next = await reader.read();
        } catch (error) {
          end('failed', error);
          controller.error(error);
          return;
        }
        if (next.done) {
          end('completed');
          controller.close();
          return;
        }
        guard(() => observer.part(next.value));
        controller.enqueue(next.value);
      },
      cancel(reason) {
        end('cancelled', reason);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

function guard(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    reportInternalError('ai-sdk.stream', error);
  }
}
