package org.mailauth.dns;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What a process asks: the DNS servers of {@link DnsSettings} over the network ({@link DnsJavaResolver}, with its own
 * bounded pool), behind one cache ({@link CachingDnsResolver}). Open one per process and share it; close it to stop
 * its threads.
 */
public final class NetworkDns implements DnsResolver, AutoCloseable {

    private final DnsJavaResolver network;
    private final CachingDnsResolver cache;

    private NetworkDns(DnsJavaResolver network, CachingDnsResolver cache) {
        this.network = network;
        this.cache = cache;
    }

    /** @throws IllegalStateException when no server is configured and the system names none */
    public static NetworkDns open(DnsSettings settings, Clock clock) {
        DnsJavaResolver network = new DnsJavaResolver(settings);
        return new NetworkDns(network, CachingDnsResolver.over(network, settings, clock));
    }

    /** The servers asked, as {@code host:port}. */
    public List<String> servers() {
        return network.servers();
    }

    /** The cache, for its figures. */
    public CachingDnsResolver cache() {
        return cache;
    }

    /** The network without the cache, for lookups that must reach a server. */
    public DnsResolver uncached() {
        return network;
    }

    @Override
    public CompletionStage<DnsAnswer<String>> txt(String name) {
        return cache.txt(name);
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
        return cache.a(name);
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
        return cache.aaaa(name);
    }

    @Override
    public CompletionStage<DnsAnswer<MxHost>> mx(String name) {
        return cache.mx(name);
    }

    @Override
    public CompletionStage<DnsAnswer<String>> ptr(InetAddress address) {
        return cache.ptr(address);
    }

    @Override
    public void close() {
        network.close();
    }
}
