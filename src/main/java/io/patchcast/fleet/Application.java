package io.patchcast.fleet;

/** The data platform a cluster runs. */
public enum Application {
    CASSANDRA("Cassandra"), KAFKA("Kafka"), OPENSEARCH("OpenSearch"), POSTGRESQL("PostgreSQL"), REDIS("Redis");

    public final String label;

    Application(String label) {
        this.label = label;
    }
}
