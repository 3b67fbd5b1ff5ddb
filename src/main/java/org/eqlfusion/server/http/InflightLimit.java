package org.eqlfusion.server.http;

import java.util.concurrent.atomic.AtomicInteger;

/** How many ingest requests may be read and decoded at once: with the body limit, a bound on memory. */
final class InflightLimit {

    private final int max;
    private final AtomicInteger current = new AtomicInteger();

    InflightLimit(int max) {
        this.max = max;
    }

    boolean tryAcquire() {
        while (true) {
            int n = current.get();
            if (n >= max) {
                return false;
            }
            if (current.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        current.decrementAndGet();
    }

    int max() {
        return max;
    }
}
