package io.patchcast.fleet.aws;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the EC2 stub before the app and points the sync at it, with static test credentials. */
public class Ec2StubResource implements QuarkusTestResourceLifecycleManager {

    static Ec2Stub stub;

    @Override
    public Map<String, String> start() {
        try {
            stub = new Ec2Stub();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        // the default provider chain reads these system properties first after the environment
        System.setProperty("aws.accessKeyId", "AKIAIOSFODNN7EXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        return Map.of(
                "patchcast.aws.endpoint-override", "http://127.0.0.1:" + stub.port(),
                "patchcast.aws.accounts.main.regions", "us-east-1,eu-west-1",
                "patchcast.aws.max-attempts", "3");
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.stop();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}
