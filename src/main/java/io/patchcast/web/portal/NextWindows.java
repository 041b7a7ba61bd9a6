package io.patchcast.web.portal;

import java.util.List;

import io.patchcast.security.CurrentViewer;
import io.patchcast.window.WindowService;
import io.patchcast.window.WindowView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The dashboard's maintenance card: each cluster's next window and patch status, for the signed-in customer. */
@Named("nextWindows")
@RequestScoped
public class NextWindows {

    @Inject
    CurrentViewer currentViewer;

    @Inject
    WindowService windows;

    private List<WindowView> cached;

    public List<WindowView> list() {
        if (cached == null) {
            cached = windows.nextPerCluster(currentViewer.get());
        }
        return cached;
    }
}
