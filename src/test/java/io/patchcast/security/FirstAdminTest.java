package io.patchcast.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
class FirstAdminTest {

    @Inject
    FirstAdmin firstAdmin;

    @Test
    void anExistingAdminIsNeverReplaced() {
        // the demo data already has an admin: a configured password must not create or change anything
        long admins = QuarkusTransaction.requiringNew().call(() -> AppUser.count("role", Role.ADMIN));
        QuarkusTransaction.requiringNew().run(() -> firstAdmin.createIfNoAdmin("a-long-enough-password"));
        assertEquals(admins, QuarkusTransaction.requiringNew().call(() -> AppUser.count("role", Role.ADMIN)));
        String hash = QuarkusTransaction.requiringNew().call(() -> AppUser.findByUsername("admin").orElseThrow().passwordHash);
        assertTrue(BcryptUtil.matches("admin", hash), "the existing admin keeps its password");
    }

    @Test
    void aNewInstallationGetsItsFirstAdminWithAStrongEnoughPassword() {
        // a fresh installation: no admin yet (rolled back afterwards, other tests keep theirs)
        QuarkusTransaction.begin();
        try {
            AppUser.update("role = ?1, username = ?2 where role = ?3", Role.SUPPORT, "former-admin", Role.ADMIN);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> firstAdmin.createIfNoAdmin("short"));
            assertTrue(e.getMessage().contains("at least 12 characters"), e.getMessage());
            firstAdmin.createIfNoAdmin("a-long-enough-password");
            AppUser created = AppUser.findByUsername("admin").orElseThrow();
            assertEquals(Role.ADMIN, created.role);
            assertTrue(BcryptUtil.matches("a-long-enough-password", created.passwordHash));
        } finally {
            QuarkusTransaction.rollback();
        }
    }
}
