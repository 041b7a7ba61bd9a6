package io.patchcast.web.console;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.common.PageView;
import io.patchcast.common.Params;
import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.rollout.CreateReleaseRequest;
import io.patchcast.rollout.OverridePlanRequest;
import io.patchcast.rollout.Plan;
import io.patchcast.rollout.ReleaseService;
import io.patchcast.rollout.ReleaseView;
import io.patchcast.rollout.RolloutActionRequest;
import io.patchcast.rollout.RolloutClusterView;
import io.patchcast.rollout.RolloutService;
import io.patchcast.rollout.RolloutSummary;
import io.patchcast.rollout.RolloutView;
import io.patchcast.rollout.StragglerView;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The staff rollout board: releases and rollouts, and per rollout its stages, gates, failure rates, the
 * clusters of a stage with their plans, and the forms that start, advance, halt and resume it.
 */
@Path("/console/rollouts")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.SUPPORT, Role.ADMIN })
public class RolloutPages {

    @Inject
    CurrentViewer currentViewer;

    @Inject
    ReleaseService releases;

    @Inject
    RolloutService rollouts;

    /** The release form as typed, shown back with its errors. */
    public record ReleaseForm(String name, String osVersion, String stableKernel, String backportsKernel,
            String packages, String notes) {
        static final ReleaseForm EMPTY = new ReleaseForm("", "", "", "", "", "");
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<RolloutSummary> rollouts, List<ReleaseView> releases, ReleaseForm form,
                Map<String, String> errors, String message);

        static native TemplateInstance board(RolloutView rollout, int stage, List<RolloutClusterView> clusters,
                PageView<StragglerView> stragglers, Plan[] plans, String message, String error);
    }

    @GET
    public TemplateInstance list(@RestQuery String created) {
        return Templates.list(rollouts.list(), releases.list(), ReleaseForm.EMPTY, Map.of(),
                created == null ? null : "Release created.");
    }

    @POST
    @Path("releases")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createRelease(@RestForm String name, @RestForm String osVersion, @RestForm String stableKernel,
            @RestForm String backportsKernel, @RestForm String packages, @RestForm String notes) {
        ReleaseForm form = new ReleaseForm(name, osVersion, stableKernel, backportsKernel, packages, notes);
        List<String> packageList = packages == null ? List.of()
                : Arrays.stream(packages.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        try {
            releases.create(new CreateReleaseRequest(name, osVersion, stableKernel,
                    backportsKernel == null || backportsKernel.isBlank() ? null : backportsKernel, packageList, notes),
                    currentViewer.get());
        } catch (ConstraintViolationException e) {
            Map<String, String> errors = new java.util.TreeMap<>();
            e.getConstraintViolations().forEach(v -> {
                String path = v.getPropertyPath().toString();
                // "create.request.stableKernel", "create.request.packages[2].<list element>"
                String field = path.contains("packages") ? "packages" : path.substring(path.lastIndexOf('.') + 1);
                errors.putIfAbsent(field, v.getMessage());
            });
            return rerender(form, errors);
        } catch (ProblemException e) {
            return rerender(form, fieldErrors(e.problem()));
        }
        return Response.seeOther(URI.create("/console/rollouts?created=1")).build();
    }

    @POST
    @Path("releases/{id}/rollouts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createRollout(@RestPath String id) {
        RolloutView view = rollouts.create(Params.id("id", id), currentViewer.get());
        return Response.seeOther(URI.create("/console/rollouts/" + view.id() + "?done=created")).build();
    }

    @GET
    @Path("{id}")
    public TemplateInstance board(@RestPath String id, @RestQuery String stage, @RestQuery String page,
            @RestQuery String done) {
        return board(Params.id("id", id), stage, page, message(done), null);
    }

    @POST
    @Path("{id}/{action:start|advance|halt|resume}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@RestPath String id, @RestPath String action, @RestForm String reason,
            @RestForm String customerText) {
        long rolloutId = Params.id("id", id);
        RolloutActionRequest request = new RolloutActionRequest(reason, customerText);
        try {
            switch (action) {
                case "start" -> rollouts.start(rolloutId, request, currentViewer.get());
                case "advance" -> rollouts.advance(rolloutId, request, currentViewer.get());
                case "halt" -> rollouts.halt(rolloutId, request, currentViewer.get());
                default -> rollouts.resume(rolloutId, request, currentViewer.get());
            }
        } catch (ConstraintViolationException e) {
            return Response.status(400).entity(board(rolloutId, null, null, null, "Say why: a reason is required."))
                    .build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status())
                    .entity(board(rolloutId, null, null, null, e.problem().detail())).build();
        }
        return Response.seeOther(URI.create("/console/rollouts/" + rolloutId + "?done=" + action)).build();
    }

    @POST
    @Path("{id}/clusters/{clusterId}/plan")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response overridePlan(@RestPath String id, @RestPath String clusterId, @RestForm String plan,
            @RestForm String reason, @RestForm String stage) {
        long rolloutId = Params.id("id", id);
        RolloutClusterView view;
        try {
            view = rollouts.overridePlan(rolloutId, Params.id("clusterId", clusterId),
                    new OverridePlanRequest(plan, reason), currentViewer.get());
        } catch (ConstraintViolationException e) {
            return Response.status(400).entity(board(rolloutId, stage, null, null,
                    "A plan override needs a plan and a reason.")).build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status())
                    .entity(board(rolloutId, stage, null, null, e.problem().detail())).build();
        }
        return Response.seeOther(URI.create("/console/rollouts/" + rolloutId + "?stage=" + view.stage()
                + "&done=plan")).build();
    }

    private TemplateInstance board(long rolloutId, String stage, String page, String message, String error) {
        RolloutView view = rollouts.get(rolloutId);
        int fallback = view.currentStage() == 0 ? 1 : view.currentStage();
        int shown = Params.intIn("stage", stage, fallback, 1, 6);
        PageView<StragglerView> stragglers = shown == 6 ? rollouts.stragglers(rolloutId, Params.page(page), 50) : null;
        return Templates.board(view, shown, rollouts.clusters(rolloutId, shown), stragglers, Plan.values(), message,
                error);
    }

    private Response rerender(ReleaseForm form, Map<String, String> errors) {
        return Response.status(400).entity(Templates.list(rollouts.list(), releases.list(), form, errors, null))
                .build();
    }

    private static Map<String, String> fieldErrors(Problem problem) {
        Map<String, String> errors = new java.util.TreeMap<>();
        problem.errors().forEach(e -> errors.put(e.field(), e.message()));
        if (errors.isEmpty()) {
            errors.put("form", problem.detail());
        }
        return errors;
    }

    private static String message(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "created" -> "Rollout created: every cluster has its stage and plan. Start it when ready.";
            case "start" -> "Rollout started: stage 1 is scheduled.";
            case "advance" -> "Advanced to the next stage.";
            case "halt" -> "Rollout halted: windows not yet started are delayed and their customers told.";
            case "resume" -> "Rollout resumed.";
            case "plan" -> "Plan changed.";
            default -> null;
        };
    }
}
