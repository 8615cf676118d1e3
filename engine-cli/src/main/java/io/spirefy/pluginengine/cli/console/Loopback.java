package io.spirefy.pluginengine.cli.console;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The console reloads plugins on request and shows what they are: it must never be reachable
 * from another machine, so the only address it binds is a loopback one.
 */
public final class Loopback {

    private Loopback() {
    }

    /** 127.0.0.1: the IPv4 loopback, which every host has (IPv6 may be switched off). */
    public static InetAddress address() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid address
        }
    }

    /**
     * @throws IllegalArgumentException for a wildcard or any address that is not loopback
     */
    public static InetAddress require(InetAddress address) {
        if (address == null || address.isAnyLocalAddress() || !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("the console binds only to a loopback address, not " + address);
        }
        return address;
    }
}
