package io.patchcast.customer;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.patchcast.common.Hashes;
import io.patchcast.common.ProblemException;
import io.patchcast.security.Viewer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Creates, lists, revokes and resolves feed tokens. The secret is shown once at creation and never stored;
 * a feed request is resolved by hashing the presented token.
 */
@ApplicationScoped
@Transactional
public class FeedTokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Clock clock;

    /** A created token: the secret (shown once) and its id. */
    public record Created(long id, String secret) {
    }

    /** A token as settings pages list it (the secret is not known any more). */
    public record TokenView(long id, String createdBy, java.time.Instant createdAt) {
    }

    public Created create(Viewer viewer) {
        Customer customer = ownCustomer(viewer);
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        FeedToken token = new FeedToken();
        token.customer = customer;
        token.tokenHash = hash(secret);
        token.createdBy = viewer.username();
        token.createdAt = clock.instant();
        token.persist();
        return new Created(token.id, secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TokenView> list(Viewer viewer) {
        return FeedToken.listActive(ownCustomer(viewer).id).stream()
                .map(t -> new TokenView(t.id, t.createdBy, t.createdAt)).toList();
    }

    public void revoke(Viewer viewer, long tokenId) {
        FeedToken token = FeedToken.findById(tokenId);
        if (token == null || token.revokedAt != null || !token.customer.id.equals(ownCustomer(viewer).id)) {
            throw ProblemException.notFound("Feed token " + tokenId);
        }
        token.revokedAt = clock.instant();
    }

    /** The customer id a presented feed secret belongs to, if it is valid and not revoked. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Long> resolve(String secret) {
        if (secret == null || secret.length() < 16 || secret.length() > 100) {
            return Optional.empty();
        }
        return FeedToken.findActiveByHash(hash(secret)).map(t -> t.customer.id);
    }

    private static Customer ownCustomer(Viewer viewer) {
        if (viewer.customerId() == null) {
            throw ProblemException.badRequest("customer", "feed tokens belong to a customer user");
        }
        return Customer.findById(viewer.customerId());
    }

    static String hash(String secret) {
        return Hashes.sha256Hex(secret);
    }
}
