package io.patchcast.fleet.aws;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The AWS inventory sync: which accounts and regions to read, where, and when. */
@ConfigMapping(prefix = "patchcast.aws")
public interface AwsConfig {

    /**
     * AWS accounts by a name of our choosing, e.g. {@code patchcast.aws.accounts.main.regions=us-east-1,eu-west-1}.
     * None configured: the sync has nothing to do.
     */
    Map<String, Account> accounts();

    /** Send EC2 calls here instead of AWS's regional endpoints (a proxy, a VPC endpoint, a test server). */
    Optional<URI> endpointOverride();

    /** The instance tag whose value is the Patchcast cluster id of the instance. */
    @WithDefault("patchcast:cluster-id")
    String clusterTag();

    /** Attempts per EC2 call, the first included; throttled calls (RequestLimitExceeded) back off and retry. */
    @WithDefault("4")
    int maxAttempts();

    Sync sync();

    interface Account {

        /** Regions to read in this account. */
        List<String> regions();

        /**
         * A named profile of the shared AWS config files for this account's credentials; absent: the default
         * credentials provider chain (environment, system properties, web identity, profile, instance role).
         */
        Optional<String> profile();
    }

    interface Sync {

        /** Run the sync on a schedule. Off by default: staff can still run it from the console. */
        @WithDefault("false")
        boolean enabled();

        /** How often the scheduled sync runs, e.g. 6h or 30m. */
        @WithDefault("6h")
        String every();
    }
}
