package io.patchcast.web;

import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Viewer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** What every page's layout needs to know about the request: who is logged in and what they may see. */
@Named("page")
@RequestScoped
public class PageContext {

    @Inject
    CurrentViewer currentViewer;

    public Viewer viewer() {
        return currentViewer.get();
    }

    public boolean loggedIn() {
        return viewer().role() != null;
    }

    public boolean staff() {
        return viewer().isStaff();
    }

    public boolean admin() {
        return viewer().isAdmin();
    }

    public String displayName() {
        return viewer().displayName();
    }
}
