"""The partnership delivery plan screen."""
