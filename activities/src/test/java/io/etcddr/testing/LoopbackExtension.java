package io.etcddr.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own block of loopback addresses for the servers it starts:
 *
 * <pre>{@code
 * @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();
 * ... LOOPBACK.address(0) ...
 * }</pre>
 */
public final class LoopbackExtension implements BeforeAllCallback, AfterAllCallback {

  private LoopbackBlock block;

  @Override
  public void beforeAll(ExtensionContext context) {
    block = LoopbackBlock.allocate();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (block != null) {
      block.close();
    }
  }

  public String address(int index) {
    if (block == null) {
      throw new IllegalStateException("the block is allocated before the class's @BeforeAll");
    }
    return block.address(index);
  }
}
