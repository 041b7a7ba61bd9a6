package io.patchcast.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.customer.Customer;
import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Admins manage users: create, disable, reset password or second factor, change role and customer. Anything that
 * changes what a user may do or how they sign in ends that user's sessions at once.
 */
@ApplicationScoped
@Transactional
public class UserService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    PasswordPolicy policy;

    @Inject
    SessionService sessions;

    @Inject
    ThrottleService throttle;

    @Inject
    AccountService accounts;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UserView> list(Viewer viewer) {
        requireAdmin(viewer);
        Map<String, ThrottleService.ThrottleView> locks = throttle.list().stream()
                .filter(t -> t.key().startsWith(LoginThrottle.USER))
                .collect(Collectors.toMap(t -> t.key().substring(LoginThrottle.USER.length()), t -> t, (a, b) -> a));
        List<AppUser> users = AppUser.find("select u from AppUser u left join fetch u.customer order by u.role, u.username")
                .list();
        return users.stream().map(u -> view(u, locks.get(u.username.toLowerCase(java.util.Locale.ROOT)))).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ThrottleService.ThrottleView> throttles(Viewer viewer) {
        requireAdmin(viewer);
        return throttle.list();
    }

    public UserView create(Viewer viewer, UserRequests.CreateUserRequest req) {
        requireAdmin(viewer);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (AppUser.findByUsername(req.username()).isPresent()) {
            errors.add(new Problem.FieldError("username", "is taken"));
        }
        Customer customer = customerFor(req.role(), req.customerId(), errors);
        policy.problem(req.password(), req.username()).ifPresent(p -> errors.add(new Problem.FieldError("password", p)));
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        AppUser u = AppUser.create(req.username(), req.password(), req.role(), req.displayName().strip(), customer,
                clock.instant());
        u.passwordChangedAt = u.createdAt;
        Log.infof("User '%s' (%s) created by %s", u.username, u.role, viewer.username());
        return view(u, null);
    }

    public UserView update(Viewer viewer, long id, UserRequests.UpdateUserRequest req) {
        requireAdmin(viewer);
        AppUser u = find(id);
        boolean self = u.username.equals(viewer.username());
        List<Problem.FieldError> errors = new ArrayList<>();
        String role = req.role() == null ? u.role : req.role();
        Long customerId = req.customerId() != null ? req.customerId()
                : Role.CUSTOMER.equals(role) && u.customer != null ? u.customer.id : null;
        Customer customer = customerFor(role, customerId, errors);
        if (self && Boolean.TRUE.equals(req.disabled())) {
            errors.add(new Problem.FieldError("disabled", "you cannot disable your own account"));
        }
        if (self && !Role.ADMIN.equals(role)) {
            errors.add(new Problem.FieldError("role", "you cannot take the admin role from yourself"));
        }
        if (req.displayName() != null && req.displayName().isBlank()) {
            errors.add(new Problem.FieldError("displayName", "must not be blank"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        boolean access = !role.equals(u.role) || !java.util.Objects.equals(customer == null ? null : customer.id,
                u.customer == null ? null : u.customer.id);
        boolean disabling = Boolean.TRUE.equals(req.disabled()) && !u.disabled;
        if (req.displayName() != null) {
            u.displayName = req.displayName().strip();
        }
        u.role = role;
        u.customer = customer;
        if (req.disabled() != null) {
            u.disabled = req.disabled();
        }
        if (access || disabling) {
            sessions.endAll(u, null, disabling ? "disabled by " + viewer.username()
                    : "role or customer changed by " + viewer.username());
        }
        Log.infof("User '%s' updated by %s: role %s, customer %s, disabled %s", u.username, viewer.username(), u.role,
                u.customer == null ? "-" : u.customer.slug, u.disabled);
        return view(u, null);
    }

    public UserRequests.ResetPasswordResult resetPassword(Viewer viewer, long id, String password) {
        requireAdmin(viewer);
        AppUser u = find(id);
        String generated = null;
        String next = password;
        if (next == null || next.isEmpty()) {
            byte[] bytes = new byte[15];
            RANDOM.nextBytes(bytes);
            generated = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            next = generated;
        } else {
            policy.problem(next, u.username).ifPresent(p -> {
                throw ProblemException.badRequest("password", p);
            });
        }
        accounts.setPassword(u, next);
        sessions.endAll(u, null, "password reset by " + viewer.username());
        throttle.clear(ThrottleService.userKey(u.username), viewer.username());
        Log.infof("Password of '%s' reset by %s", u.username, viewer.username());
        return new UserRequests.ResetPasswordResult(view(u, null), generated);
    }

    public UserView resetSecondFactor(Viewer viewer, long id) {
        requireAdmin(viewer);
        AppUser u = find(id);
        accounts.clearSecondFactor(u);
        sessions.endAll(u, null, "second factor reset by " + viewer.username());
        Log.infof("Second factor of '%s' reset by %s", u.username, viewer.username());
        return view(u, null);
    }

    public boolean unlock(Viewer viewer, String key) {
        requireAdmin(viewer);
        return throttle.clear(key, viewer.username());
    }

    private Customer customerFor(String role, Long customerId, List<Problem.FieldError> errors) {
        if (Role.CUSTOMER.equals(role)) {
            if (customerId == null) {
                errors.add(new Problem.FieldError("customerId", "a customer user needs a customer"));
                return null;
            }
            Customer c = Customer.findById(customerId);
            if (c == null) {
                errors.add(new Problem.FieldError("customerId", "no such customer"));
            }
            return c;
        }
        if (customerId != null) {
            errors.add(new Problem.FieldError("customerId", "staff do not belong to a customer"));
        }
        return null;
    }

    private static AppUser find(long id) {
        AppUser u = AppUser.findById(id);
        if (u == null) {
            throw ProblemException.notFound("User " + id);
        }
        return u;
    }

    private static UserView view(AppUser u, ThrottleService.ThrottleView lock) {
        return new UserView(u.id, u.username, u.displayName, u.role, u.customer == null ? null : u.customer.id,
                u.customer == null ? null : u.customer.name, u.disabled, u.totpEnabled, u.createdAt,
                u.passwordChangedAt, lock == null ? 0 : lock.failures(),
                lock != null && lock.blocked() ? lock.blockedUntil() : null);
    }

    private static void requireAdmin(Viewer viewer) {
        if (!viewer.isAdmin()) {
            throw new ForbiddenException();
        }
    }
}
