package org.eqlfusion.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** IP fields are stored in canonical form; plain IPv4 takes a shortcut that must agree with the full parse. */
class IpAddressesTest {

    @Test
    void canonicalFormsOfCommonLiterals() {
        assertThat(IpAddresses.canonical("10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(IpAddresses.canonical(" 10.0.0.1 ")).isEqualTo("10.0.0.1");
        assertThat(IpAddresses.canonical("::ffff:127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(IpAddresses.canonical("::1")).isEqualTo("::1");
        assertThat(IpAddresses.canonical("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(IpAddresses.canonical("256.0.0.1")).isNull();
        assertThat(IpAddresses.canonical("1.2.3")).isNull();
        // refused as Elasticsearch refuses it (leading zero: octal or decimal?), without a DNS lookup
        assertThat(IpAddresses.canonical("010.1.1.1")).isNull();
        assertThat(IpAddresses.canonical("1.2.3.4.5")).isNull();
        assertThat(IpAddresses.canonical("host.example")).isNull();
    }

    @Test
    void ipv6IsWrittenAsRfc5952AsElasticsearchPrintsIt() {
        assertThat(IpAddresses.canonical("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(IpAddresses.canonical("1:0:0:0:0:0:0:0")).isEqualTo("1::");
        assertThat(IpAddresses.canonical("2001:0DB8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
        // one zero group is not shortened; of two runs the longer, of runs as long the first
        assertThat(IpAddresses.canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(IpAddresses.canonical("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
        assertThat(IpAddresses.canonical("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpAddresses.canonical("fe80::1%eth0")).isEqualTo("fe80::1");
    }

    @Test
    void ipv6TextReadsBackAsTheSameAddressWithItsLongestZeroRunShortened() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int g = 0; g < 8; g++) {
                // zero groups often, so that runs of every length and position come up
                text.append(g == 0 ? "" : ":").append(random.nextInt(3) == 0 ? Integer.toHexString(random.nextInt(0x10000)) : "0");
            }
            String canonical = IpAddresses.canonical(text.toString());
            byte[] bytes = IpAddresses.parse(text.toString());
            assertThat(IpAddresses.parse(canonical)).as(text.toString()).isEqualTo(bytes);
            if (bytes.length == 4) {
                continue; // ::ffff:a.b.c.d is the IPv4 address
            }
            assertThat(canonical).as(text.toString()).isEqualTo(canonical.toLowerCase())
                    .doesNotContain(":::").doesNotContainPattern("(^|:)0[0-9a-f]");
            int shortened = canonical.contains("::") ? 8 - (canonical.replace("::", ":").split(":", -1).length
                    - (canonical.startsWith("::") ? 1 : 0) - (canonical.endsWith("::") ? 1 : 0)) : 0;
            assertThat(canonical.indexOf("::")).isEqualTo(canonical.lastIndexOf("::"));
            assertThat(shortened).as(text.toString()).isNotEqualTo(1);
            // no run of zero groups left longer than (or, before it, as long as) the one shortened
            for (int run = Math.max(2, shortened + 1); run <= 8; run++) {
                assertThat((":" + canonical + ":")).as(text.toString()).doesNotContain(":0".repeat(run) + ":");
            }
        }
    }

    @Test
    void anAddressLiesInACidrBlockByItsLeadingBits() {
        assertThat(IpAddresses.inCidr("10.6.48.157", "10.0.0.0/8")).isTrue();
        assertThat(IpAddresses.inCidr("11.6.48.157", "10.0.0.0/8")).isFalse();
        // a prefix that is not whole octets: 172.16.0.0/12 runs to 172.31.255.255
        assertThat(IpAddresses.inCidr("172.31.255.255", "172.16.0.0/12")).isTrue();
        assertThat(IpAddresses.inCidr("172.32.0.0", "172.16.0.0/12")).isFalse();
        assertThat(IpAddresses.inCidr("8.8.8.8", "0.0.0.0/0")).isTrue();
        // a block without a prefix is the one address
        assertThat(IpAddresses.inCidr("192.168.1.1", "192.168.1.1")).isTrue();
        assertThat(IpAddresses.inCidr("192.168.1.2", "192.168.1.1")).isFalse();
        assertThat(IpAddresses.inCidr("fe80::1", "fe80::/10")).isTrue();
        assertThat(IpAddresses.inCidr("fec0::1", "fe80::/10")).isFalse();
        // an IPv4-mapped IPv6 address is the IPv4 address; the families do not mix otherwise
        assertThat(IpAddresses.inCidr("::ffff:10.1.2.3", "10.0.0.0/8")).isTrue();
        assertThat(IpAddresses.inCidr("::1", "0.0.0.0/0")).isFalse();
        // what is no block, or no address, matches nothing
        assertThat(IpAddresses.inCidr("10.1.2.3", "10.0.0.0/33")).isFalse();
        assertThat(IpAddresses.inCidr("10.1.2.3", "host.example/8")).isFalse();
        assertThat(IpAddresses.inCidr("not an address", "0.0.0.0/0")).isFalse();
    }

    @Test
    void aBlockReadOnceGivesTheSameAnswersForEveryAddress() {
        // the second round finds each block already read
        for (int round = 0; round < 2; round++) {
            assertThat(IpAddresses.inCidr(IpAddresses.parse("10.6.48.157"), "10.0.0.0/8")).isTrue();
            assertThat(IpAddresses.inCidr(IpAddresses.parse("192.168.7.7"), "10.0.0.0/8")).isFalse();
            assertThat(IpAddresses.inCidr(IpAddresses.parse("10.1.2.3"), "10.0.0.0/33")).isFalse();
        }
    }

    @Test
    void theIpv4ShortcutAgreesWithParsingOnRandomDottedText() throws Exception {
        Random random = new Random(7);
        String alphabet = "0123456789.";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = 7 + random.nextInt(10); n > 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            // half the time four octets, some out of range or with leading zeros
            String s = i % 2 == 0 ? text.toString()
                    : octet(random) + "." + octet(random) + "." + octet(random) + "." + octet(random);
            byte[] bytes = IpAddresses.parse(s);
            String expected = bytes == null ? null : InetAddress.getByAddress(bytes).getHostAddress();
            assertThat(IpAddresses.canonical(s)).as(s).isEqualTo(expected);
        }
    }

    private static String octet(Random random) {
        String value = String.valueOf(random.nextInt(300));
        return random.nextInt(10) == 0 ? "0" + value : value;
    }
}
