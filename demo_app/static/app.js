/* TestDesk page scripts: everything talks to /api over AJAX, like the apps it imitates. */
(function ($) {
  "use strict";
  var csrf = $('meta[name="csrf-token"]').attr("content");
  $.ajaxSetup({ headers: { "X-CSRFToken": csrf } });
  $.blockUI.defaults.message = '<p class="blocking">Please wait…</p>';

  /* The one way data goes into markup: every character that means something in HTML,
     in text or in an attribute value (either quote), becomes an entity. */
  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };
  function esc(text) {
    return (text == null ? "" : String(text)).replace(/[&<>"'`]/g, function (c) { return ENTITIES[c]; });
  }

  function flash(message, kind) {
    $("#flash").removeClass("ok error").addClass(kind || "ok").text(message).prop("hidden", false);
  }

  function api(method, url, data) {
    var options = { method: method, url: url, dataType: "json" };
    if (data !== undefined) {
      options.contentType = "application/json";
      options.data = JSON.stringify(data);
    }
    return $.ajax(options).done(function (body, text, xhr) {
      console.info("TestDesk API " + method + " " + url + " -> " + xhr.status);
    }).fail(function (xhr) {
      var body = xhr.responseJSON || {};
      console.warn("TestDesk API " + method + " " + url + " -> " + xhr.status);
      flash(body.error || ("The server answered " + xhr.status + "."), "error");
    });
  }

  /* Page-level BlockUI around a saving request. */
  function saving(request) {
    $.blockUI();
    return request.always(function () { $.unblockUI(); });
  }

  /* Element-level BlockUI around a panel refresh. */
  function refreshPanel(selector, load) {
    var $panel = $(selector);
    $panel.block();
    return load().always(function () { $panel.unblock(); });
  }

  function showErrors($form, response) {
    $form.find(".field-error").text("");
    var fields = (response && response.fields) || {};
    Object.keys(fields).forEach(function (name) {
      $form.find('.field-error[data-for="' + name + '"]').text(fields[name]);
    });
  }

  function openModal(id) { $(id).prop("hidden", false); }
  function closeModal(id) { $(id).prop("hidden", true).find(".field-error").text(""); }

  function confirmThen(text, action) {
    $("#confirm-text").text(text);
    openModal("#confirm-modal");
    $("#confirm-yes").off("click").on("click", function () { closeModal("#confirm-modal"); action(); });
    $("#confirm-no").off("click").on("click", function () { closeModal("#confirm-modal"); });
  }

  /* Saves a modal form; on 422 shows the field errors inline and keeps the modal open. */
  function submitModal(modal, $form, request, done) {
    saving(request).done(function (body) {
      closeModal(modal);
      done(body);
    }).fail(function (xhr) { showErrors($form, xhr.responseJSON); });
  }

  var pages = {};

  pages.dashboard = function () {
    function load() {
      $(".widget").each(function (index, el) {
        var $w = $(el);
        var $spinner = $w.find(".busy").prop("hidden", false);
        setTimeout(function () {
          api("GET", "/api/widgets/" + $w.data("widget")).done(function (body) {
            $w.find(".value").text(body.value);
            $w.find(".items").html((body.items || []).map(function (item) {
              return "<li>" + esc(item.title) + ": " + esc(item.result) + "</li>";
            }).join(""));
          }).always(function () {
            $spinner.prop("hidden", true);
            var now = new Date();
            $("#widgets-updated time").attr("datetime", now.toISOString()).text(now.toLocaleTimeString());
          });
        }, index * 150);
      });
    }
    $("#refresh-widgets").on("click", load);
    load();
  };

  pages.projects = function () {
    function load() {
      return api("GET", "/api/projects").done(function (body) {
        var rows = body.projects.map(function (p) {
          return '<tr data-id="' + esc(p.id) + '"><td class="name"><a href="/projects/' + esc(p.id) + '">' +
            esc(p.name) + "</a></td><td class=\"count\">" + esc(p.cases) + "</td><td>" +
            '<button type="button" class="rename">Rename</button> ' +
            '<button type="button" class="delete">Delete</button></td></tr>';
        });
        $("#projects-table tbody").html(rows.join(""));
        $("#projects-panel .empty").prop("hidden", rows.length > 0);
      });
    }
    $("#new-project").on("submit", function (event) {
      event.preventDefault();
      var $form = $(this);
      saving(api("POST", "/api/projects", { name: $("#new-project-name").val() }))
        .done(function (body) {
          $("#new-project-name").val("");
          showErrors($form, {});
          flash("Project " + body.name + " created.");
          refreshPanel("#projects-panel", load);
        }).fail(function (xhr) { showErrors($form, xhr.responseJSON); });
    });
    /* A context menu on each row (right-click), double-click on a name to rename it,
       and a tooltip over the case count. */
    var $menu = $("#project-menu"), $menuRow = null;
    function closeMenu() { $menu.prop("hidden", true); $menuRow = null; }
    $("#projects-table").on("contextmenu", "tbody tr", function (event) {
      event.preventDefault();
      $menuRow = $(this);
      $menu.css({ left: event.pageX, top: event.pageY }).prop("hidden", false);
    });
    $(document).on("click", function (event) {
      if (!$(event.target).closest("#project-menu").length) closeMenu();
    });
    $(document).on("keydown", function (event) { if (event.key === "Escape") closeMenu(); });
    $("#menu-rename").on("click", function () {
      var $row = $menuRow; closeMenu();
      if ($row) $row.find(".rename").trigger("click");
    });
    $("#menu-delete").on("click", function () {
      var $row = $menuRow; closeMenu();
      if ($row) $row.find(".delete").trigger("click");
    });
    $("#projects-table").on("dblclick", "td.name", function () {
      $(this).closest("tr").find(".rename").trigger("click");
    });
    $("#projects-table").on("mouseenter", "td.count", function () {
      var $cell = $(this), n = Number($cell.text()), offset = $cell.offset();
      $("#count-tip").text(n + (n === 1 ? " test case" : " test cases") + " in " +
                           $cell.closest("tr").find(".name").text())
        .css({ left: offset.left, top: offset.top + $cell.outerHeight() + 4 }).prop("hidden", false);
    }).on("mouseleave", "td.count", function () { $("#count-tip").prop("hidden", true); });
    $("#projects-table").on("click", ".rename", function () {
      var $row = $(this).closest("tr");
      var current = $row.find(".name").text();
      /* Built through the DOM: the name is a value, never markup. */
      $row.find(".name").empty().append(
        $('<input class="rename-input">').val(current),
        $('<button type="button" class="rename-save">Save</button>'));
    });
    $("#projects-table").on("click", ".rename-save", function () {
      var $row = $(this).closest("tr");
      saving(api("POST", "/api/projects/" + $row.data("id"), { name: $row.find(".rename-input").val() }))
        .done(function () { flash("Project renamed."); refreshPanel("#projects-panel", load); });
    });
    $("#projects-table").on("click", ".delete", function () {
      var $row = $(this).closest("tr");
      confirmThen("Delete project " + $row.find(".name").text() + " and all its cases?", function () {
        saving(api("DELETE", "/api/projects/" + $row.data("id")))
          .done(function () { flash("Project deleted."); refreshPanel("#projects-panel", load); });
      });
    });
    refreshPanel("#projects-panel", load);
  };

  pages.project = function () {
    var projectId = $("#project-name").data("project-id");
    var cases = [];
    function loadCases() {
      return api("GET", "/api/projects/" + projectId + "/cases").done(function (body) {
        cases = body.cases;
        $("#cases-table tbody").html(cases.map(function (c) {
          return '<tr draggable="true" data-id="' + esc(c.id) + '"><td class="title"><a href="/cases/' + esc(c.id) + '">' +
            esc(c.title) + '</a></td><td class="priority">' + esc(c.priority) + "</td><td>" +
            '<button type="button" class="edit">Edit</button> ' +
            '<button type="button" class="delete">Delete</button></td></tr>';
        }).join(""));
        $("#cases-panel .empty").prop("hidden", cases.length > 0);
      });
    }
    function loadSummary() {
      return api("GET", "/api/projects/" + projectId + "/cases").done(function (body) {
        $("#summary-count").text(body.cases.length);
        $("#summary-high").text(body.cases.filter(function (c) { return c.priority === "high"; }).length);
      });
    }
    /* The two panels refresh on their own schedules, so their overlays overlap. */
    function refreshAll() {
      refreshPanel("#cases-panel", loadCases);
      setTimeout(function () { refreshPanel("#summary-panel", loadSummary); }, 150);
    }
    $("#case-description").on("input", function () {
      $("#case-description-count").text($(this).val().length);
    });
    function edit(c) {
      $("#case-id").val(c ? c.id : "");
      $("#case-title").val(c ? c.title : "");
      $("#case-description").val(c ? c.description : "").trigger("input");
      $("#case-priority").val(c ? c.priority : "medium");
      openModal("#case-modal");
    }
    $("#add-case").on("click", function () { edit(null); });
    $("#cases-table").on("click", ".edit", function () {
      var id = $(this).closest("tr").data("id");
      edit(cases.filter(function (c) { return c.id === id; })[0]);
    });
    $("#case-cancel").on("click", function () { closeModal("#case-modal"); });
    $("#case-form").on("submit", function (event) {
      event.preventDefault();
      var id = $("#case-id").val();
      var data = { title: $("#case-title").val(), description: $("#case-description").val(),
                   priority: $("#case-priority").val() };
      var url = id ? "/api/cases/" + id : "/api/projects/" + projectId + "/cases";
      submitModal("#case-modal", $(this), api("POST", url, data), function () {
        flash("Test case saved.");
        refreshAll();
      });
    });
    $("#cases-table").on("click", ".delete", function () {
      var $row = $(this).closest("tr");
      confirmThen("Delete test case " + $row.find(".title").text() + "?", function () {
        saving(api("DELETE", "/api/cases/" + $row.data("id")))
          .done(function () { flash("Test case deleted."); refreshAll(); });
      });
    });
    /* Drag a row onto another to move it there (HTML5 drag and drop); the order is saved. */
    var $dragged = null;
    $("#cases-table").on("dragstart", "tbody tr", function (event) {
      $dragged = $(this);
      event.originalEvent.dataTransfer.setData("text/plain", String($dragged.data("id")));
      event.originalEvent.dataTransfer.effectAllowed = "move";
    }).on("dragover", "tbody tr", function (event) {
      event.preventDefault();
      $("#cases-table tr").removeClass("drop-target");
      $(this).addClass("drop-target");
    }).on("dragend", "tbody tr", function () {
      $("#cases-table tr").removeClass("drop-target");
    }).on("drop", "tbody tr", function (event) {
      event.preventDefault();
      var $target = $(this);
      if (!$dragged || $dragged[0] === this) return;
      if ($dragged.index() < $target.index()) $target.after($dragged); else $target.before($dragged);
      var ids = $("#cases-table tbody tr").map(function () { return $(this).data("id"); }).get();
      saving(api("POST", "/api/projects/" + projectId + "/cases/order", { ids: ids }))
        .always(function () { refreshPanel("#cases-panel", loadCases); });
    });
    /* The view (which panel is folded) is restored in JavaScript alone, a moment after the
       page has loaded: no request, no overlay. Restoring resets the layout, which closes
       a dialog opened before it. Pages that act on it wait for body[data-view-restored]. */
    setTimeout(function () {
      var folded = window.localStorage.getItem("testdesk.summaryFolded") === "1";
      $("#summary-panel").toggleClass("folded", folded);
      closeModal("#case-modal");
      document.body.setAttribute("data-view-restored", "true");
    }, 600);
    $("#import-button").on("click", function () { $("#import-file").trigger("click"); });
    $("#import-file").on("change", function () {
      if (!this.files.length) return;
      var form = new FormData();
      form.append("file", this.files[0]);
      var input = this;
      saving($.ajax({ method: "POST", url: "/api/projects/" + projectId + "/import", data: form,
                      processData: false, contentType: false, dataType: "json" }))
        .done(function (body) {
          $("#import-result").prop("hidden", false).find(".summary")
            .text("Imported " + body.imported + " test case" + (body.imported === 1 ? "" : "s") + ".");
          $("#import-result .problems").html(body.errors.map(function (e) {
            return '<li class="problem">Line ' + esc(e.line) + ": " + esc(e.message) + "</li>";
          }).join(""));
          refreshAll();
        })
        .fail(function (xhr) {
          $("#import-result").prop("hidden", false).find(".summary")
            .text((xhr.responseJSON || {}).error || "The import failed.");
          $("#import-result .problems").empty();
        })
        .always(function () { input.value = ""; });
    });
    refreshAll();
  };

  pages["case"] = function () {
    var caseId = $("#case-title").data("case-id");
    var $zone = $("#attachments-zone");
    function load() {
      return api("GET", "/api/cases/" + caseId + "/attachments").done(function (body) {
        $("#attachments-table tbody").html(body.attachments.map(function (a) {
          return '<tr><td class="filename">' + esc(a.filename) + '</td><td class="size">' + esc(a.size) +
            '</td><td class="sha256"><code>' + esc(a.sha256) + "</code></td></tr>";
        }).join(""));
      });
    }
    Dropzone.autoDiscover = false;
    var dz = new Dropzone($zone[0], {
      url: "/api/cases/" + caseId + "/attachments",
      paramName: "file",
      maxFilesize: Number($zone.data("max-mb")),
      acceptedFiles: String($zone.data("accepted")),
      headers: { "X-CSRFToken": csrf },
      timeout: 120000,
      dictDefaultMessage: "Drop files here or click to attach",
      dictInvalidFileType: "Files of this type are not accepted.",
      dictFileTooBig: "The file is too big ({{filesize}} MiB); the limit is {{maxFilesize}} MiB."
    });
    dz.on("success", function () { load(); });
    /* "Upload a file…": an <input type=file> made on the spot and never put in the page. */
    $("#attach-button").on("click", function () {
      var input = document.createElement("input");
      input.type = "file";
      input.multiple = true;
      input.addEventListener("change", function () {
        Array.prototype.forEach.call(input.files, function (file) {
          var form = new FormData();
          form.append("file", file);
          saving($.ajax({ method: "POST", url: "/api/cases/" + caseId + "/attachments", data: form,
                          processData: false, contentType: false, dataType: "json" }))
            .done(function () { load(); });
        });
      });
      input.click();
    });
    /* The automation script: a code editor that indents as you type. */
    var editor = CodeMirror.fromTextArea(document.getElementById("case-script"),
                                         { mode: "python", indentUnit: 4, lineNumbers: true });
    /* CodeMirror types into a hidden textarea of its own: give it the script's name. */
    editor.getInputField().setAttribute("aria-label", "Automation script");
    $("#save-script").on("click", function () {
      saving(api("POST", "/api/cases/" + caseId + "/script", { script: editor.getValue() }))
        .done(function () { flash("Script saved."); });
    });
    dz.on("error", function (file, message) {
      var text = typeof message === "string" ? message : (message && message.error) || "Upload failed.";
      $(file.previewElement).find("[data-dz-errormessage]").text(text);
    });
    load();
  };

  pages.users = function () {
    function load() {
      return api("GET", "/api/users").done(function (body) {
        $("#users-table tbody").html(body.users.map(function (u) {
          return '<tr data-id="' + esc(u.id) + '"><td class="username">' + esc(u.username) +
            '</td><td class="email">' + esc(u.email) + '</td><td class="role">' + esc(u.role) + "</td></tr>";
        }).join(""));
      });
    }
    $("#add-user").on("click", function () {
      $("#user-form")[0].reset();
      openModal("#user-modal");
    });
    $("#user-cancel").on("click", function () { closeModal("#user-modal"); });
    $("#user-form").on("submit", function (event) {
      event.preventDefault();
      var data = { username: $("#user-username").val(), email: $("#user-email").val(),
                   password: $("#user-password").val(), role: $("#user-role").val() };
      submitModal("#user-modal", $(this), api("POST", "/api/users", data), function (body) {
        flash("User " + body.username + " added.");
        refreshPanel("#users-panel", load);
      });
    });
    refreshPanel("#users-panel", load);
  };

  pages.fields = function () {
    var fields = [];
    function load() {
      return api("GET", "/api/fields").done(function (body) {
        fields = body.fields;
        $("#fields-table tbody").html(fields.map(function (f) {
          return '<tr data-id="' + esc(f.id) + '"><td class="name">' + esc(f.name) +
            '</td><td class="description">' + esc(f.description) + "</td><td>" +
            '<button type="button" class="edit">Edit</button> ' +
            '<button type="button" class="delete">Delete</button></td></tr>';
        }).join(""));
        $("#fields-panel .empty").prop("hidden", fields.length > 0);
      });
    }
    function edit(f) {
      $("#field-id").val(f ? f.id : "");
      $("#field-name").val(f ? f.name : "");
      $("#field-description").val(f ? f.description : "");
      openModal("#field-modal");
    }
    $("#add-field").on("click", function () { edit(null); });
    $("#fields-table").on("click", ".edit", function () {
      var id = $(this).closest("tr").data("id");
      edit(fields.filter(function (f) { return f.id === id; })[0]);
    });
    $("#field-cancel").on("click", function () { closeModal("#field-modal"); });
    $("#field-form").on("submit", function (event) {
      event.preventDefault();
      var id = $("#field-id").val();
      var data = { name: $("#field-name").val(), description: $("#field-description").val() };
      submitModal("#field-modal", $(this), api("POST", id ? "/api/fields/" + id : "/api/fields", data),
        function () { flash("Custom field saved."); refreshPanel("#fields-panel", load); });
    });
    $("#fields-table").on("click", ".delete", function () {
      var $row = $(this).closest("tr");
      confirmThen("Delete custom field " + $row.find(".name").text() + "?", function () {
        saving(api("DELETE", "/api/fields/" + $row.data("id")))
          .done(function () { flash("Custom field deleted."); refreshPanel("#fields-panel", load); });
      });
    });
    refreshPanel("#fields-panel", load);
  };

  /* A classic form page: the "+" next to the owner opens the add-user popup, which fills
     the owner field when it is done; deleting every case asks confirm() first. */
  pages.settings = function () {
    $("#add-owner").on("click", function () {
      window.open("/admin/users/new", "add-user", "width=520,height=560");
    });
    $("#clear-cases").on("click", function () {
      if (window.confirm("Delete all test cases of " + $(this).data("project") + "?")) {
        $("#clear-form")[0].submit();
      }
    });
  };

  /* Called by the add-user popup when it has created a user. */
  window.TestDesk = {
    setOwner: function (username) { $("#settings-owner").val(username).trigger("input"); }
  };

  pages["user-popup"] = function () {
    var created = $("body").data("created");
    if (created && window.opener && window.opener.TestDesk) {
      window.opener.TestDesk.setOwner(String(created));
      window.close();
    }
  };

  /* The report in the settings page's iframe: loads under its own page-level BlockUI. */
  pages.report = function () {
    var id = $("body").data("project-id");
    saving(api("GET", "/api/projects/" + id + "/cases")).done(function (body) {
      $("#report-total").text(body.cases.length);
      $("#report-high").text(body.cases.filter(function (c) { return c.priority === "high"; }).length);
      $("#report-open").text(body.cases.filter(function (c) { return c.status === "open"; }).length);
    });
  };

  /* <status-badge>: a widget that renders into an open shadow root. */
  if (window.customElements && !customElements.get("status-badge")) {
    customElements.define("status-badge", class extends HTMLElement {
      connectedCallback() {
        var root = this.shadowRoot || this.attachShadow({ mode: "open" });
        root.innerHTML = '<span class="label">checking…</span>';
        var label = root.querySelector(".label");
        api("GET", "/api/widgets/health").done(function (body) { label.textContent = body.value; });
      }
    });
  }

  /* Every page: times in the reader's language and time zone; the phone menu. */
  // The browser's own locale (navigator.language can be a POSIX "c" that Intl refuses).
  var clock = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  $("time[datetime]").each(function () {
    var when = new Date($(this).attr("datetime"));
    if (!isNaN(when)) $(this).text(clock.format(when));
  });
  $("#menu-toggle").on("click", function () {
    var open = $("#main-nav").toggleClass("open").hasClass("open");
    $(this).attr("aria-expanded", String(open));
  });

  pages.profile = function () {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    $("#shown-in").text("Times are shown in " + zone + ", for " + navigator.language + ".");
    $("#use-my-location").on("click", function () {
      $("#location-problem").text("");
      navigator.geolocation.getCurrentPosition(function (where) {
        $("#office-location").val(where.coords.latitude.toFixed(4) + ", " + where.coords.longitude.toFixed(4));
      }, function (problem) {
        $("#location-problem").text(problem.code === 1
          ? "The browser does not let TestDesk see your location."
          : "Your location is not known right now.");
      }, { timeout: 5000 });
    });
    function showNotifications(state) {
      $("#notifications-state").text({
        granted: "Notifications are on.",
        denied: "Notifications are blocked in this browser's settings.",
        "default": "Notifications are off."
      }[state] || "Notifications are off.");
    }
    showNotifications(window.Notification ? Notification.permission : "denied");
    $("#enable-notifications").on("click", function () {
      if (!window.Notification) return showNotifications("denied");
      Notification.requestPermission().then(showNotifications);
    });
  };

  var page = $("body").data("page");
  if (pages[page]) pages[page]();
})(jQuery);
