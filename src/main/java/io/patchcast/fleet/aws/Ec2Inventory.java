package io.patchcast.fleet.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.InstanceStatusEvent;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The EC2 side of the inventory sync: reads one account's region through the AWS SDK's {@link Ec2Client} and
 * returns plain records. Knows nothing of the database.
 */
@ApplicationScoped
public class Ec2Inventory {

    /** DescribeInstanceTypes takes at most this many types per call. */
    private static final int TYPES_PER_CALL = 100;

    @Inject
    AwsConfig config;

    /** An instance carrying the cluster tag. */
    public record Ec2Instance(String instanceId, String clusterTag, String instanceType, String state,
            String availabilityZone) {
    }

    /**
     * What DescribeInstanceTypes says of a type. DescribeInstances also has a hypervisor field, but it says xen
     * for Nitro instances too, so only this one is used.
     */
    public record TypeInfo(String hypervisor, String enaSupport) {
    }

    public record ScheduledEvent(String instanceId, String eventId, String code, String description,
            Instant notBefore, Instant notAfter, Instant deadline) {
    }

    /** Everything read from one account's region. */
    public record RegionInventory(List<Ec2Instance> instances, Map<String, TypeInfo> types,
            List<ScheduledEvent> events) {
    }

    public RegionInventory read(String account, String region) {
        try (Ec2Client ec2 = client(account, region)) {
            List<Ec2Instance> instances = new ArrayList<>();
            DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                    .filters(Filter.builder().name("tag-key").values(config.clusterTag()).build())
                    .build();
            // the paginator follows NextToken until the last page
            for (var reservation : ec2.describeInstancesPaginator(request).reservations()) {
                for (Instance i : reservation.instances()) {
                    String tag = i.tags().stream().filter(t -> config.clusterTag().equals(t.key()))
                            .map(Tag::value).findFirst().orElse(null);
                    instances.add(new Ec2Instance(i.instanceId(), tag, i.instanceTypeAsString(),
                            i.state() == null ? null : i.state().nameAsString(),
                            i.placement() == null ? null : i.placement().availabilityZone()));
                }
            }
            Map<String, TypeInfo> types = new HashMap<>();
            List<String> wanted = instances.stream().map(Ec2Instance::instanceType).filter(t -> t != null)
                    .distinct().sorted().toList();
            for (int from = 0; from < wanted.size(); from += TYPES_PER_CALL) {
                List<String> chunk = wanted.subList(from, Math.min(wanted.size(), from + TYPES_PER_CALL));
                var typeRequest = DescribeInstanceTypesRequest.builder().instanceTypesWithStrings(chunk).build();
                for (InstanceTypeInfo info : ec2.describeInstanceTypesPaginator(typeRequest).instanceTypes()) {
                    types.put(info.instanceTypeAsString(), new TypeInfo(info.hypervisorAsString(),
                            info.networkInfo() == null ? null : info.networkInfo().enaSupportAsString()));
                }
            }
            Set<String> ours = new java.util.HashSet<>();
            instances.forEach(i -> ours.add(i.instanceId()));
            List<ScheduledEvent> events = new ArrayList<>();
            var statusRequest = DescribeInstanceStatusRequest.builder().includeAllInstances(true).build();
            for (InstanceStatus status : ec2.describeInstanceStatusPaginator(statusRequest).instanceStatuses()) {
                if (!ours.contains(status.instanceId())) {
                    continue;
                }
                for (InstanceStatusEvent e : status.events()) {
                    String description = e.description();
                    // AWS keeps finished events a while, marked in the description
                    if (description != null
                            && (description.startsWith("[Completed]") || description.startsWith("[Canceled]"))) {
                        continue;
                    }
                    events.add(new ScheduledEvent(status.instanceId(), e.instanceEventId(), e.codeAsString(),
                            description, e.notBefore(), e.notAfter(), e.notBeforeDeadline()));
                }
            }
            Log.debugf("EC2 %s/%s: %d instances, %d types, %d events", account, region, instances.size(),
                    types.size(), events.size());
            return new RegionInventory(instances, types, events);
        }
    }

    private Ec2Client client(String account, String region) {
        AwsConfig.Account settings = config.accounts().get(account);
        AwsCredentialsProvider credentials = settings != null && settings.profile().isPresent()
                ? ProfileCredentialsProvider.builder().profileName(settings.profile().get()).build()
                : DefaultCredentialsProvider.builder().build();
        Ec2ClientBuilder builder = Ec2Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // standard retries: throttling (RequestLimitExceeded) and 5xx back off and try again
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(config.maxAttempts()).build()));
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
