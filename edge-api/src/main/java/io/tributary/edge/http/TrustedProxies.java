package io.tributary.edge.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The proxies whose {@code X-Forwarded-For} the API believes (CIDR blocks). A request from any
 * other peer is identified by its TCP peer address, whatever headers it sends; a request through
 * trusted proxies by the right-most forwarded address that is not itself a trusted proxy (the
 * left part of the header is written by the client and proves nothing).
 */
public final class TrustedProxies {

  private final List<Block> blocks;

  private TrustedProxies(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** Trusts nobody: the client is always the TCP peer. */
  public static TrustedProxies none() {
    return new TrustedProxies(List.of());
  }

  /**
   * Parses a comma-separated list of addresses or CIDR blocks ({@code 10.0.0.0/8, 172.30.0.250,
   * fd00::/8}); blank trusts nobody.
   *
   * @throws IllegalArgumentException naming the entry that is not an address or block
   */
  public static TrustedProxies parse(String list) {
    List<Block> blocks = new ArrayList<>();
    for (String entry : list.split(",")) {
      String trimmed = entry.strip();
      if (!trimmed.isEmpty()) {
        blocks.add(Block.parse(trimmed));
      }
    }
    return new TrustedProxies(blocks);
  }

  /** The client's address: the peer, or through trusted proxies the last untrusted forwarded address. */
  public String clientOf(String peer, Optional<String> forwardedFor) {
    if (!trusts(peer) || forwardedFor.isEmpty()) {
      return peer;
    }
    List<String> hops = Arrays.stream(forwardedFor.get().split(",")).map(String::strip)
        .filter(hop -> !hop.isEmpty()).toList();
    for (int i = hops.size() - 1; i >= 0; i--) {
      if (!trusts(hops.get(i))) {
        return hops.get(i);
      }
    }
    return hops.isEmpty() ? peer : hops.getFirst();
  }

  private boolean trusts(String address) {
    Optional<byte[]> bytes = literal(address);
    return bytes.isPresent() && blocks.stream().anyMatch(block -> block.contains(bytes.get()));
  }

  // Only IP literals: a hostname here would make a lookup per request (and could be spoofed).
  private static Optional<byte[]> literal(String address) {
    String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
        : address;
    if (bare.isEmpty() || !(bare.contains(":") || bare.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(bare).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private record Block(byte[] network, int prefix) {

    static Block parse(String text) {
      int slash = text.indexOf('/');
      byte[] address = literal(slash < 0 ? text : text.substring(0, slash))
          .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR block: '" + text + "'"));
      int prefix;
      try {
        prefix = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an IP address or CIDR block: '" + text + "'");
      }
      if (prefix < 0 || prefix > address.length * 8) {
        throw new IllegalArgumentException("prefix out of range in '" + text + "'");
      }
      return new Block(address, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
