package io.etcddr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A block of {@link #SIZE} loopback addresses owned by one test class, from the one allocator of
 * the test suite: 127.0.0.110 and up (the lab owns .101–.105). A block is held by an OS file lock,
 * so test JVMs running side by side never share one, and a JVM that dies frees its blocks at once.
 */
public final class LoopbackBlock implements AutoCloseable {

  public static final int SIZE = 10;
  static final int FIRST = 110;
  static final int LAST = 249;
  private static final Path LOCKS =
      Path.of(System.getProperty("java.io.tmpdir"), "etcd-dr-loopback");

  private final int first;
  private final FileChannel channel;
  private final FileLock lock;

  private LoopbackBlock(int first, FileChannel channel, FileLock lock) {
    this.first = first;
    this.channel = channel;
    this.lock = lock;
  }

  /** The first free block; fails when every block is taken (a leak: blocks are freed on close). */
  public static LoopbackBlock allocate() {
    try {
      Files.createDirectories(LOCKS);
      for (int start = FIRST; start + SIZE - 1 <= LAST; start += SIZE) {
        FileChannel channel =
            FileChannel.open(
                LOCKS.resolve("block-" + start + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException heldByThisJvm) {
          lock = null;
        }
        if (lock != null) {
          return new LoopbackBlock(start, channel, lock);
        }
        channel.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException(
        "every loopback block 127.0.0." + FIRST + "–" + LAST + " is taken; a test leaks blocks");
  }

  /** The address at {@code index} (0 ≤ index < SIZE) of this block. */
  public String address(int index) {
    if (index < 0 || index >= SIZE) {
      throw new IndexOutOfBoundsException("a block has " + SIZE + " addresses, not " + index);
    }
    return "127.0.0." + (first + index);
  }

  /** {@code count} addresses from {@code from} on. */
  public List<String> addresses(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(this::address).toList();
  }

  @Override
  public String toString() {
    return address(0) + "–" + (first + SIZE - 1);
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
