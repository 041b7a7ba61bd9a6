package io.patchcast.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.patchcast.common.ProblemException;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
class FeedTokenServiceTest {

    @Inject
    FeedTokenService tokens;

    private static Viewer userOf(String slug) {
        long id = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> Customer.findBySlug(slug).orElseThrow().id);
        return new Viewer(slug, Role.CUSTOMER, id, slug);
    }

    @Test
    void createdTokenResolvesUntilRevoked() {
        Viewer acme = userOf("acme-analytics");
        FeedTokenService.Created created = tokens.create(acme);
        assertEquals(acme.customerId(), tokens.resolve(created.secret()).orElseThrow());
        assertTrue(tokens.list(acme).stream().anyMatch(t -> t.id() == created.id()));

        tokens.revoke(acme, created.id());
        assertTrue(tokens.resolve(created.secret()).isEmpty(), "a revoked token must stop working at once");
    }

    @Test
    void anotherCustomerCannotRevokeIt() {
        FeedTokenService.Created created = tokens.create(userOf("acme-analytics"));
        ProblemException e = assertThrows(ProblemException.class,
                () -> tokens.revoke(userOf("borealis-bank"), created.id()));
        assertEquals(404, e.problem().status());
        assertTrue(tokens.resolve(created.secret()).isPresent());
    }

    @Test
    void guessedTokensDoNotResolve() {
        assertTrue(tokens.resolve("not-a-real-token-at-all").isEmpty());
        assertTrue(tokens.resolve("").isEmpty());
        assertTrue(tokens.resolve(null).isEmpty());
    }
}
