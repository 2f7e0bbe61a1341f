"""Page objects of the demo app, built on e2e.BasePage."""
